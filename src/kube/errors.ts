/** One field-level cause of a rejection (`details.causes` of a Kubernetes `Status`). */
export interface KubeStatusCause {
  /** e.g. `FieldValueInvalid`, `FieldValueRequired`. */
  readonly reason?: string;
  readonly message?: string;
  /** The field's path, e.g. `spec.template.spec.restartPolicy`. */
  readonly field?: string;
}

/** The `details` of a Kubernetes `Status` answer. */
export interface KubeStatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly causes?: readonly KubeStatusCause[];
}

/**
 * Where a {@link KubeError} came from when it is not an HTTP answer of the API server:
 * `ECONFIG` a kubeconfig problem, `ENOTSERVED` an apiVersion/kind the server does not serve
 * (often an API newer than the server), `ESTREAM` an error event inside a watch, or the system
 * error code of a failed connection (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, ...).
 */
export type KubeErrorCode = 'ECONFIG' | 'ENOTSERVED' | 'ESTREAM' | (string & {});

/**
 * A failure talking to a Kubernetes API server: an HTTP error status with the server's own
 * `Status` (its `reason` and `message` verbatim, so users see what kubectl shows), a failed
 * connection (`status` 0), a kubeconfig problem (`code` `ECONFIG`) or a kind the server does
 * not serve (`code` `ENOTSERVED`, status 404).
 *
 * The kube layer imports nothing of ours, so this is its own type; callers wrap it once, at
 * their boundary.
 */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  /** HTTP status of the server's answer; 0 when there was none. */
  readonly status: number;
  /** The `Status` reason (`NotFound`, `AlreadyExists`, `Invalid`, `Forbidden`, ...), or ''. */
  readonly reason: string;
  /** HTTP method of the failed request, e.g. `PATCH`; '' when no request was made. */
  readonly method: string;
  /** Request path without the query, e.g. `/api/v1/namespaces/default/pods/web`. */
  readonly path: string;
  /** The API server's URL, e.g. `https://127.0.0.1:16443`. */
  readonly server: string;
  /** See {@link KubeErrorCode}; undefined for ordinary HTTP error answers. */
  readonly code: KubeErrorCode | undefined;
  /** The `Status` details: the object named and, for `Invalid`, the field-level causes. */
  readonly details: KubeStatusDetails | undefined;

  constructor(
    message: string,
    options: {
      status: number;
      reason?: string | undefined;
      method?: string | undefined;
      path?: string | undefined;
      server?: string | undefined;
      code?: KubeErrorCode | undefined;
      details?: KubeStatusDetails | undefined;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.reason = options.reason ?? '';
    this.method = options.method ?? '';
    this.path = options.path ?? '';
    this.server = options.server ?? '';
    this.code = options.code;
    this.details = options.details;
  }
}

/**
 * True when `err` is a {@link KubeError}, optionally with the given HTTP status
 * (e.g. `isKubeError(err, 404)` for "not found" and for kinds the server does not serve).
 */
export function isKubeError(err: unknown, status?: number): err is KubeError {
  return err instanceof KubeError && (status === undefined || err.status === status);
}
