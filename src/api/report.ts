/**
 * The run report: what `up`, `start`, `run` and `wait` leave behind for a person or a CI job to
 * read — per service its containers' final state, health-check probes, the last log lines, the
 * reason it failed (when it did) and its resolved configuration with secret values redacted.
 * The JSON form (`--report FILE`) is this object as is; {@link REPORT_SCHEMA_VERSION} changes
 * whenever a field changes meaning or goes away (new optional fields keep the version).
 */

/** Version of the report's schema, the `schemaVersion` field. */
export const REPORT_SCHEMA_VERSION = 1;

/** The value that replaces every environment value, build argument and secret in a report. */
export const REDACTED = '[redacted]';

/** How many log lines a report keeps per container. */
export const REPORT_LOG_LINES = 20;

/** Why a service failed. */
export type FailureReason =
  /** A container stopped with a non-zero exit code. */
  | { readonly kind: 'exited'; readonly exitCode: number }
  /** The kernel killed a container for using more memory than its limit. */
  | { readonly kind: 'oom-killed'; readonly exitCode: number }
  /** A container's health check failed its retries. */
  | { readonly kind: 'unhealthy' }
  /** A `depends_on` condition was not met, so the service never started. */
  | { readonly kind: 'dependency'; readonly dependency: string; readonly condition: string }
  /** Still starting (or not healthy yet) when the wait timed out. */
  | { readonly kind: 'not-ready' }
  /**
   * A swarm service that did not converge (`stack deploy --wait`): tasks rejected or failing,
   * an update rolled back or paused, a job failed, or not converged when the wait timed out.
   */
  | { readonly kind: 'swarm'; readonly message: string };

/** One health-check probe, as the engine keeps the last five. */
export interface HealthProbe {
  readonly start: string;
  readonly end: string;
  readonly exitCode: number;
  readonly output: string;
}

/** A container's final state. */
export interface ContainerRunReport {
  readonly id: string;
  readonly name: string;
  /** `created`, `running`, `exited`, `restarting`, `dead`, ... */
  readonly state: string;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly restartCount: number;
  readonly startedAt?: string | undefined;
  readonly finishedAt?: string | undefined;
  /** The engine's error text (a failed start). */
  readonly error?: string | undefined;
  /** Present when the container has a health check. */
  readonly health?:
    | {
        readonly status: string;
        readonly failingStreak: number;
        readonly log: readonly HealthProbe[];
      }
    | undefined;
  /** The last {@link REPORT_LOG_LINES} lines of output (stdout and stderr). */
  readonly logTail: readonly string[];
}

/** A service in the report. */
export interface ServiceRunReport {
  readonly name: string;
  /** Why it failed; absent when it did not. */
  readonly failure?: FailureReason | undefined;
  /** {@link failure} as a sentence (`exited with code 1`). */
  readonly reason?: string | undefined;
  readonly containers: readonly ContainerRunReport[];
  /**
   * The service as resolved from the compose files, with every environment value, build
   * argument and secret redacted ({@link REDACTED}).
   */
  readonly config: unknown;
}

/** The report of one command. */
export interface RunReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly project: string;
  /** `up`, `start`, `run`, `wait` or `stack deploy` (whose containers are the tasks). */
  readonly command: string;
  /** The command's exit status (0 for success). */
  readonly exitStatus: number;
  /** The failure, when the command failed with an error. */
  readonly error?: { readonly code: string; readonly message: string } | undefined;
  /** When the report was made (ISO 8601). */
  readonly time: string;
  readonly services: readonly ServiceRunReport[];
}

/** The services of a report that failed. */
export function failedServices(report: RunReport): ServiceRunReport[] {
  return report.services.filter((s) => s.failure !== undefined);
}

/** A failure reason as a sentence. */
export function describeFailure(reason: FailureReason): string {
  switch (reason.kind) {
    case 'exited':
      return `exited with code ${reason.exitCode}`;
    case 'oom-killed':
      return `OOM-killed: exceeded its memory limit (exit code ${reason.exitCode})`;
    case 'unhealthy':
      return 'unhealthy: its health check failed';
    case 'dependency':
      return `dependency "${reason.dependency}" did not meet condition ${reason.condition}`;
    case 'not-ready':
      return 'not running and healthy when the wait timed out';
    case 'swarm':
      return reason.message;
  }
}
