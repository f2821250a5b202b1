import type { RunReport } from './report.js';

/**
 * Every failure flotilla reports is a {@link ComposeError}; callers branch on `code`, never on
 * the message text.
 */
export type ComposeErrorCode =
  /** A compose file is not valid YAML (syntax, duplicate keys, aliases, non-string keys). */
  | 'YAML'
  /** The model does not match the Compose Specification schema. */
  | 'SCHEMA'
  /** `${VAR}` interpolation failed: bad template or a required variable without a value. */
  | 'INTERPOLATION'
  /** A `.env` / `--env-file` / `env_file` / `label_file` file is malformed or missing. */
  | 'ENV_FILE'
  /** A file the loader needs does not exist (compose file, extends/include target, ...). */
  | 'NOT_FOUND'
  /** The model is well-formed but inconsistent (undefined references, cycles, conflicts). */
  | 'CONSISTENCY'
  /** `extends` cannot be resolved. */
  | 'EXTENDS'
  /** `include` cannot be resolved. */
  | 'INCLUDE'
  /** The project name is invalid. */
  | 'PROJECT_NAME'
  /** Command-line usage error (bad flag combination, unknown service, ...). */
  | 'USAGE'
  /** The container engine refused or failed a request. */
  | 'ENGINE'
  /** An image build failed. */
  | 'BUILD'
  /** Pulling or pushing an image failed. */
  | 'REGISTRY'
  /** A container exited or became unhealthy where the operation needed it running/healthy. */
  | 'RUNTIME'
  /** The operation was cancelled (Ctrl-C, abort signal). */
  | 'CANCELLED'
  /** A timeout expired (`--wait-timeout`, ...). */
  | 'TIMEOUT'
  /** The target cannot honour what the file asks for (`stack deploy --strict`). */
  | 'UNSUPPORTED'
  /**
   * `convert` cannot produce its output: `--strict` and a field would be dropped, names that
   * collide once made valid for the target, or (a bug) an object breaking the target's rules.
   */
  | 'CONVERT'
  /** The Kubernetes API server refused or failed a request (`flotilla k8s`). */
  | 'KUBERNETES';

/** Where in a source file a problem was found. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ComposeErrorOptions {
  /** Location in a compose or env file, when known. */
  readonly location?: SourceLocation | undefined;
  /** Dotted model path, e.g. `services.web.ports[0]`. */
  readonly path?: string | undefined;
  /** The underlying error, wrapped once at the boundary where it was caught. */
  readonly cause?: unknown;
  /** A suggested fix, printed after the message. */
  readonly hint?: string | undefined;
  /** Process exit status the CLI should use (defaults to 1). */
  readonly exitCode?: number | undefined;
}

/**
 * The single error type of the flotilla library.
 *
 * `message` is the full human-readable text: `file:line:col: <detail>` when a location is known,
 * followed by the hint on the same line. `detail` is the text without location or hint.
 */
export class ComposeError extends Error {
  override readonly name = 'ComposeError';
  readonly code: ComposeErrorCode;
  readonly detail: string;
  readonly location: SourceLocation | undefined;
  readonly path: string | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number;
  /**
   * The run report of a failed `up`, `start`, `run` or `wait`: each service's final state and
   * why it failed (set by those verbs once they have gathered it).
   */
  report: RunReport | undefined;

  constructor(code: ComposeErrorCode, detail: string, options: ComposeErrorOptions = {}) {
    super(formatMessage(detail, options.location, options.hint), { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.location = options.location;
    this.path = options.path;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }

  /** A copy of this error with a location (and optionally a hint) attached. */
  withLocation(location: SourceLocation | undefined, hint?: string): ComposeError {
    const copy = new ComposeError(this.code, this.detail, {
      location,
      path: this.path,
      cause: this.cause,
      hint: hint ?? this.hint,
      exitCode: this.exitCode,
    });
    copy.report = this.report;
    return copy;
  }
}

function formatMessage(
  detail: string,
  location: SourceLocation | undefined,
  hint: string | undefined,
): string {
  const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
  return hint ? `${where}${detail} (${hint})` : `${where}${detail}`;
}

/** True when `err` is a {@link ComposeError}, optionally of the given code. */
export function isComposeError(err: unknown, code?: ComposeErrorCode): err is ComposeError {
  return err instanceof ComposeError && (code === undefined || err.code === code);
}
