/**
 * A failure talking to the Docker engine: an HTTP error status from the engine (with the engine's
 * own `message`), a failed connection (`status` 0), or an error the engine reported inside a
 * streaming response (build, pull, push; `status` is then the streaming response's 2xx status).
 *
 * The engine layer imports nothing of ours, so this is its own type; the compose layer wraps it
 * into a `ComposeError` (code `ENGINE`, `BUILD` or `REGISTRY`) once, at its boundary.
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  /** HTTP status of the engine's answer; 0 when there was no answer (connection failure). */
  readonly status: number;
  /** HTTP method of the failed request, e.g. `POST`. */
  readonly method: string;
  /** Request path without the version prefix and query, e.g. `/containers/abc/start`. */
  readonly path: string;
  /** The engine address, e.g. `unix:///var/run/docker.sock`. */
  readonly host: string;
  /**
   * System error code of a connection failure (`ECONNREFUSED`, `ENOENT`, ...), `ESTREAM` for a
   * failure reported inside a build/pull/push stream, `ECONFIG` for a bad host or context.
   */
  readonly code: string | undefined;

  /** @param message the engine's message, used verbatim so users see what `docker` shows. */
  constructor(
    message: string,
    details: {
      status: number;
      method: string;
      path: string;
      host: string;
      code?: string | undefined;
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.host = details.host;
    this.code = details.code;
  }
}

/**
 * True when `err` is an {@link EngineError}, optionally with the given HTTP status
 * (e.g. `isEngineError(err, 404)` for "no such container/image/network/volume").
 */
export function isEngineError(err: unknown, status?: number): err is EngineError {
  return err instanceof EngineError && (status === undefined || err.status === status);
}

/** True when `err` is the rejection of an aborted call (`AbortSignal`), which is rethrown as is. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
