import type { Project } from '../model/project.js';
import type { EventSink, LogConsumer } from './events.js';

/**
 * The contract of flotilla's orchestration: one method per docker compose verb. The CLI only
 * turns flags into these options; `createCompose()` (src/compose) implements it on the Docker
 * Engine API. Every method reports progress through the sink given at creation and throws
 * {@link ComposeError} on failure.
 */
export interface Compose {
  /** `up`: create (build/pull as needed) and start the project's services. @returns the exit code for attached mode (0 when detached) */
  up(project: Project, options?: UpOptions): Promise<number>;
  /** `create`: like `up --no-start`. */
  create(project: Project, options?: CreateOptions): Promise<void>;
  /** `start`: start existing containers (and the dependencies of the named services). */
  start(project: Project, options?: StartOptions): Promise<void>;
  /** `stop`: stop containers, in reverse dependency order. */
  stop(project: Project, options?: StopOptions): Promise<void>;
  /** `restart`: restart containers (and dependents declared with `restart: true`). */
  restart(project: Project, options?: RestartOptions): Promise<void>;
  /** `down`: stop and remove containers, networks, and optionally volumes and images. */
  down(project: Project | string, options?: DownOptions): Promise<void>;
  /** `kill`: send a signal to the project's containers. */
  kill(project: Project, options?: KillOptions): Promise<void>;
  /** `rm`: remove stopped service containers. @returns the names of the removed containers */
  remove(project: Project, options?: RemoveOptions): Promise<string[]>;
  /** `pause`. */
  pause(project: Project, options?: ServicesOptions): Promise<void>;
  /** `unpause`. */
  unpause(project: Project, options?: ServicesOptions): Promise<void>;
  /** `ps`: the project's containers. */
  ps(project: Project | string, options?: PsOptions): Promise<ContainerSummary[]>;
  /** `logs`: container output, optionally followed. Resolves when done (or when `signal` aborts a follow). */
  logs(project: Project | string, consumer: LogConsumer, options?: LogsOptions): Promise<void>;
  /** `build`: build the images of services with a `build:` section. */
  build(project: Project, options?: BuildOptions): Promise<void>;
  /** `pull`: pull the images of services. */
  pull(project: Project, options?: PullOptions): Promise<void>;
}

/** Options shared by the verbs that act on a set of services. */
export interface ServicesOptions {
  /** Services named on the command line. @default every service of the project */
  readonly services?: readonly string[] | undefined;
  /** Aborts the operation. */
  readonly signal?: AbortSignal | undefined;
}

export type PullPolicy = 'always' | 'missing' | 'never' | 'build' | 'if_not_present' | 'policy';

/** Options of `create` (and of the create phase of `up`). */
export interface CreateOptions extends ServicesOptions {
  /** `--build`: build images before starting containers. */
  readonly build?: boolean | undefined;
  /** `--no-build`: never build, fail when an image is missing. */
  readonly noBuild?: boolean | undefined;
  /** `--pull`. @default 'policy' (each service's pull_policy) */
  readonly pull?: PullPolicy | undefined;
  readonly quietPull?: boolean | undefined;
  /** `diverged` (default), `force` (`--force-recreate`) or `never` (`--no-recreate`). */
  readonly recreate?: 'diverged' | 'force' | 'never' | undefined;
  /** Strategy for dependencies that were not named. @default 'diverged' */
  readonly recreateDependencies?: 'diverged' | 'force' | 'never' | undefined;
  /** `--renew-anon-volumes`. */
  readonly renewAnonVolumes?: boolean | undefined;
  /** `--remove-orphans`. */
  readonly removeOrphans?: boolean | undefined;
  /** `COMPOSE_IGNORE_ORPHANS`: do not warn about orphans. */
  readonly ignoreOrphans?: boolean | undefined;
  /** `--scale SERVICE=N`. */
  readonly scale?: Readonly<Record<string, number>> | undefined;
  /** `--no-deps`: don't start linked services. */
  readonly noDeps?: boolean | undefined;
  /** `-t/--timeout` in seconds for the stops that recreation and orphan removal do. */
  readonly timeout?: number | undefined;
  /** `-y`: answer yes to prompts (volume recreation). */
  readonly assumeYes?: boolean | undefined;
}

/** Options of `up`. */
export interface UpOptions extends CreateOptions {
  /** `-d`. */
  readonly detach?: boolean | undefined;
  /** `--no-start`. */
  readonly noStart?: boolean | undefined;
  /** `--wait`: wait for services to be running or healthy (implies detach). */
  readonly wait?: boolean | undefined;
  /** `--wait-timeout` in seconds. */
  readonly waitTimeout?: number | undefined;
  /** `--abort-on-container-exit`. */
  readonly abortOnContainerExit?: boolean | undefined;
  /** `--abort-on-container-failure`. */
  readonly abortOnContainerFailure?: boolean | undefined;
  /** `--exit-code-from SERVICE`. */
  readonly exitCodeFrom?: string | undefined;
  /** `--attach`: services whose output is shown. */
  readonly attach?: readonly string[] | undefined;
  /** `--no-attach`. */
  readonly noAttach?: readonly string[] | undefined;
  /** `--attach-dependencies`. */
  readonly attachDependencies?: boolean | undefined;
  /** Receives container output in attached mode. */
  readonly logConsumer?: LogConsumer | undefined;
  /** `--timestamps`: prefix attached output with the receive time. */
  readonly timestamps?: boolean | undefined;
}

/** Options of `start`. */
export interface StartOptions extends ServicesOptions {
  readonly wait?: boolean | undefined;
  readonly waitTimeout?: number | undefined;
}

/** Options of `stop`. */
export interface StopOptions extends ServicesOptions {
  /** `-t/--timeout` in seconds. @default the container's StopTimeout, else 10 */
  readonly timeout?: number | undefined;
}

/** Options of `restart`. */
export interface RestartOptions extends StopOptions {
  readonly noDeps?: boolean | undefined;
}

/** Options of `down`. */
export interface DownOptions extends StopOptions {
  /** `-v`: remove named volumes declared in the project and anonymous volumes. */
  readonly volumes?: boolean | undefined;
  /** `--rmi local|all`. */
  readonly rmi?: 'local' | 'all' | undefined;
  readonly removeOrphans?: boolean | undefined;
}

/** Options of `kill`. */
export interface KillOptions extends ServicesOptions {
  /** @default 'SIGKILL' */
  readonly killSignal?: string | undefined;
  readonly removeOrphans?: boolean | undefined;
}

/** Options of `rm`. */
export interface RemoveOptions extends ServicesOptions {
  /** `-s`: stop running containers first. */
  readonly stop?: boolean | undefined;
  /** `-v`: remove anonymous volumes. */
  readonly volumes?: boolean | undefined;
}

/** Options of `ps`. */
export interface PsOptions extends ServicesOptions {
  /** `-a`: include stopped containers (and one-offs). */
  readonly all?: boolean | undefined;
  /** `--status`, `--filter status=`: keep containers in these states. */
  readonly status?: readonly string[] | undefined;
  /** Include orphaned containers. @default true */
  readonly orphans?: boolean | undefined;
}

/** Options of `logs`. */
export interface LogsOptions extends ServicesOptions {
  readonly follow?: boolean | undefined;
  /** `-n/--tail`: number of lines, or 'all'. */
  readonly tail?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  /** `-t`: the daemon's timestamps. */
  readonly timestamps?: boolean | undefined;
  /** `--index`: only this replica. */
  readonly index?: number | undefined;
}

/** Options of `build`. */
export interface BuildOptions extends ServicesOptions {
  readonly noCache?: boolean | undefined;
  readonly pull?: boolean | undefined;
  /** `--build-arg KEY=VALUE` (a KEY alone takes the value from the environment). */
  readonly args?: Readonly<Record<string, string | undefined>> | undefined;
  readonly quiet?: boolean | undefined;
  /** Also build the dependencies of the named services. */
  readonly withDependencies?: boolean | undefined;
}

/** Options of `pull`. */
export interface PullOptions extends ServicesOptions {
  readonly quiet?: boolean | undefined;
  readonly ignorePullFailures?: boolean | undefined;
  readonly includeDeps?: boolean | undefined;
  readonly ignoreBuildable?: boolean | undefined;
  readonly policy?: 'missing' | 'always' | undefined;
}

/** A published port of a container, as `ps` shows it. */
export interface PortPublisher {
  readonly url: string;
  readonly targetPort: number;
  readonly publishedPort: number;
  readonly protocol: string;
}

/** One container of the project, as `ps` reports it. */
export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly command: string;
  readonly project: string;
  readonly service: string;
  /** Unix seconds. */
  readonly created: number;
  /** `running`, `exited`, `created`, `paused`, `restarting`, `dead`. */
  readonly state: string;
  /** The engine's status text: `Up 3 seconds (healthy)`. */
  readonly status: string;
  /** `healthy`, `unhealthy`, `starting` or ''. */
  readonly health: string;
  readonly exitCode: number;
  readonly publishers: readonly PortPublisher[];
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: readonly string[];
  readonly mounts: readonly string[];
  readonly localVolumes: number;
}
