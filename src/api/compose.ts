import type { Project } from '../model/project.js';
import type { PortConfig, ServiceVolumeConfig } from '../model/service-parts.js';
import type { LogConsumer } from './events.js';
import type { Plan } from './plan.js';
import type { RunReport } from './report.js';

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
  /**
   * What `up` (or `create`) would do to each image, network, volume and container, and why
   * each recreated container is recreated (`--dry-run`, `up --explain`). Changes nothing.
   */
  planUp(project: Project, options?: PlanUpOptions): Promise<Plan>;
  /** What `down` would stop and remove (`down --dry-run`). Changes nothing. */
  planDown(project: Project | string, options?: PlanDownOptions): Promise<Plan>;
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
  /**
   * `logs`: container output, optionally followed. Resolves when done: a follow ends when
   * `signal` aborts or when no followed container runs any more.
   */
  logs(project: Project | string, consumer: LogConsumer, options?: LogsOptions): Promise<void>;
  /** `build`: build the images of services with a `build:` section. */
  build(project: Project, options?: BuildOptions): Promise<void>;
  /** `pull`: pull the images of services. */
  pull(project: Project, options?: PullOptions): Promise<void>;
  /** `push`: push the images of services that have both `build` and `image`. */
  push(project: Project, options?: PushOptions): Promise<void>;
  /** `exec`: run a command in a running service container. @returns the command's exit code */
  exec(project: Project | string, options: ExecOptions): Promise<number>;
  /** `attach`: connect the caller's streams to a service container. @returns its exit code, or 0 after detaching */
  attach(project: Project | string, options: AttachOptions): Promise<number>;
  /** `cp`: copy files between the local filesystem and service containers. */
  copy(project: Project | string, options: CopyOptions): Promise<void>;
  /** `port`: the host address a container port is published on. */
  port(project: Project | string, options: PortOptions): Promise<{ ip: string; port: number }>;
  /** `top`: the processes of the project's running containers. */
  top(project: Project | string, options?: ServicesOptions): Promise<ContainerProcesses[]>;
  /** `images`: the images the project's containers use. */
  images(project: Project | string, options?: ServicesOptions): Promise<ContainerImage[]>;
  /** `events`: stream the project's container events until `until` or the signal aborts. */
  events(
    project: Project | string,
    consumer: (event: ComposeEvent) => void,
    options?: EventsOptions,
  ): Promise<void>;
  /** `ls`: the compose projects on the engine. */
  list(options?: ListOptions): Promise<ProjectListing[]>;
  /** `wait`: block until the containers stop. @returns the exit status of the last one */
  wait(project: Project | string, options?: WaitOptions): Promise<number>;
  /** `stats`: resource usage of the project's containers. */
  stats(project: Project | string, options: StatsOptions): Promise<void>;
  /** `watch`: keep the services' containers in step with their `develop.watch` paths until `signal` aborts. */
  watch(project: Project, options?: WatchOptions): Promise<void>;
  /** `run`: a one-off container of a service. @returns its ID and, unless detached, its exit code */
  run(project: Project, options: RunOptions): Promise<RunResult>;
  /** `scale`: set the replica counts of services and converge them. */
  scale(project: Project, options: ScaleOptions): Promise<void>;
  /** `volumes`: the project's volumes, or those the named services' containers mount. */
  volumes(project: Project | string, options?: ServicesOptions): Promise<ProjectVolume[]>;
  /** `commit`: an image from a service container's changes. @returns the new image's ID */
  commit(project: Project | string, options: CommitOptions): Promise<string>;
  /** `export`: write a service container's filesystem as a tar archive. */
  export(project: Project | string, options: ExportOptions): Promise<void>;
}

/** Options shared by the verbs that act on a set of services. */
export interface ServicesOptions {
  /** Services named on the command line. @default every service of the project */
  readonly services?: readonly string[] | undefined;
  /** Aborts the operation. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of the verbs that make a run report (`up`, `start`, `run`, `wait`). */
export interface ReportingOptions {
  /**
   * When to make a run report: `'failure'` after a runtime error (`ComposeError.report`) or a
   * non-zero exit status; `'always'` on success too (every service's final state).
   * @default 'failure'
   */
  readonly report?: 'failure' | 'always' | undefined;
  /** Receives the run report whenever one is made. */
  readonly onReport?: ((report: RunReport) => void) | undefined;
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
  /** `--quiet-build`: no build output, only each image's Building/Built. */
  readonly quietBuild?: boolean | undefined;
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
export interface UpOptions extends CreateOptions, ReportingOptions {
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
  /** `--watch`: once started, watch the services' `develop.watch` paths until up ends. */
  readonly watch?: Omit<WatchOptions, 'noUp' | 'services' | 'signal'> | undefined;
  /** `--timestamps`: prefix attached output with the receive time. */
  readonly timestamps?: boolean | undefined;
}

/** Options of {@link Compose.planUp}. */
export interface PlanUpOptions extends UpOptions {
  /** `create` plans `up --no-start`. @default 'up' */
  readonly command?: 'up' | 'create' | undefined;
  /**
   * Also report the plan as the progress events the real run would send (`--dry-run`, where
   * the renderers mark them `DRY-RUN MODE`). @default false
   */
  readonly emitEvents?: boolean | undefined;
}

/** Options of {@link Compose.planDown}. */
export interface PlanDownOptions extends DownOptions {
  /** As {@link PlanUpOptions.emitEvents}. @default false */
  readonly emitEvents?: boolean | undefined;
}

/** Options of `start`. */
export interface StartOptions extends ServicesOptions, ReportingOptions {
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
  /**
   * `--print`: nothing is built; the bake definition (JSON) is given to this function. Needs
   * BuildKit (`buildx bake`).
   */
  readonly print?: ((definition: string) => void) | undefined;
  /** `--ssh`: ssh agent sockets or keys for every build (`default`, `id=path`), BuildKit only. */
  readonly ssh?: readonly { readonly id: string; readonly path?: string | undefined }[] | undefined;
  /**
   * `--builder`: the buildx builder to build with. @default `BUILDX_BUILDER`, else the builder
   * chosen with `docker buildx use`, else the engine's own
   */
  readonly builder?: string | undefined;
  /** `--push`: push the built images of services with an `image:` name. */
  readonly push?: boolean | undefined;
  /**
   * `-m/--memory`: memory limit of the build's containers, in bytes. Classic builder only; with
   * BuildKit it is ignored with a warning, as docker compose does.
   */
  readonly memory?: number | undefined;
  /** `--sbom`: an SBOM attestation for every image (`true`, `false`, or bake's attest options). */
  readonly sbom?: string | undefined;
  /** `--provenance`: a provenance attestation for every image (`true`, `false`, `mode=max`, ...). */
  readonly provenance?: string | undefined;
}

/** Options of `pull`. */
export interface PullOptions extends ServicesOptions {
  readonly quiet?: boolean | undefined;
  readonly ignorePullFailures?: boolean | undefined;
  readonly includeDeps?: boolean | undefined;
  readonly ignoreBuildable?: boolean | undefined;
  readonly policy?: 'missing' | 'always' | undefined;
}

/** Options of `push`. */
export interface PushOptions extends ServicesOptions {
  /** `-q`: no progress output. */
  readonly quiet?: boolean | undefined;
  /** `--ignore-push-failures`: a failed push is a warning. */
  readonly ignorePushFailures?: boolean | undefined;
  /** `--include-deps`: also push the dependencies of the named services. */
  readonly includeDeps?: boolean | undefined;
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

/**
 * The caller's standard streams for a verb that connects the user to a process (`exec`,
 * `attach`). The library reads and writes only these; terminal modes stay with the caller.
 */
export interface TerminalStreams {
  /** Input for the process; absent means no stdin. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** The user's terminal size, when there is one (sent to the process's TTY). */
  readonly size?: (() => { rows: number; columns: number } | undefined) | undefined;
  /** Subscribes to terminal size changes; returns the unsubscribe function. */
  readonly onResize?: ((listener: () => void) => () => void) | undefined;
  /** Subscribes to the signals the caller receives (`SIGINT`, `SIGTERM`); returns the unsubscribe function. */
  readonly onSignal?: ((listener: (signal: string) => void) => () => void) | undefined;
}

/** Picks one container of a service: `--index`. */
export interface ContainerTargetOptions {
  readonly service: string;
  /** Replica number (`--index`); 0 or absent means the first one. */
  readonly index?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Options of `exec`. */
export interface ExecOptions extends ContainerTargetOptions {
  /** The command and its arguments. */
  readonly command: readonly string[];
  /** `-d`: start the command and return at once. */
  readonly detach?: boolean | undefined;
  /** `-e KEY=VALUE` (already resolved: the CLI looks bare `KEY`s up in its environment). */
  readonly env?: readonly string[] | undefined;
  /** `-u`. */
  readonly user?: string | undefined;
  /** `-w`. */
  readonly workdir?: string | undefined;
  /** `--privileged`. */
  readonly privileged?: boolean | undefined;
  /** Allocate a pseudo-TTY (not `-T`). @default false */
  readonly tty?: boolean | undefined;
  /** Connect `streams.stdin` to the command. @default true when streams.stdin is given */
  readonly interactive?: boolean | undefined;
  /** Where the command's input and output go; required unless `detach`. */
  readonly streams?: TerminalStreams | undefined;
}

/** Options of `attach`. */
export interface AttachOptions extends ContainerTargetOptions {
  /** `--detach-keys`, e.g. `ctrl-p,ctrl-q`. */
  readonly detachKeys?: string | undefined;
  /** `--no-stdin`: don't connect stdin. */
  readonly noStdin?: boolean | undefined;
  /** `--sig-proxy`: pass the signals the caller receives to the container (without a TTY). @default true */
  readonly sigProxy?: boolean | undefined;
  readonly streams: TerminalStreams;
  /**
   * Called once the container is found, before attaching: `tty` tells whether it has a TTY (the
   * CLI then puts the terminal in raw mode; without one, Ctrl-C stays a signal). Throwing here
   * aborts the attach.
   */
  readonly onAttach?: ((container: { readonly tty: boolean }) => void) | undefined;
}

/** Options of `cp` (`SRC` and `DEST`, one of them `SERVICE:PATH`). */
export interface CopyOptions {
  readonly source: string;
  readonly destination: string;
  /** `--index`: only this replica. @default from: the first replica; to: every replica */
  readonly index?: number | undefined;
  /** `--all`: include one-off containers. */
  readonly all?: boolean | undefined;
  /** `-L`: follow a symbolic link at the source path. */
  readonly followLink?: boolean | undefined;
  /** `-a`: keep UID/GID. */
  readonly archive?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Options of `port`. */
export interface PortOptions extends ContainerTargetOptions {
  readonly privatePort: number;
  /** @default 'tcp' */
  readonly protocol?: 'tcp' | 'udp' | 'sctp' | undefined;
}

/** Options of `commit` (the container: the service's first running replica, or `index`). */
export interface CommitOptions extends ContainerTargetOptions {
  /** `REPOSITORY[:TAG]` for the new image (tag `latest` when absent). @default untagged */
  readonly reference?: string | undefined;
  /** `-a/--author`. */
  readonly author?: string | undefined;
  /** `-m/--message`: the commit message (the image's `Comment`). */
  readonly message?: string | undefined;
  /** `-c/--change`: Dockerfile instructions applied to the image (`CMD ["sh"]`, `ENV A=1`). */
  readonly changes?: readonly string[] | undefined;
  /** `-p/--pause`: pause the container while committing. @default true */
  readonly pause?: boolean | undefined;
}

/** Options of `export` (the container: the service's first running replica, or `index`). */
export interface ExportOptions extends ContainerTargetOptions {
  /**
   * Where the tar archive goes: a file path (`-o`; replaced atomically once the archive is
   * complete, mode 0600, as docker writes it), or a stream (the CLI's stdout), which is
   * refused when it is a terminal (`isTTY`).
   */
  readonly output: string | NodeJS.WritableStream;
}

/** The processes of one container, as `top` shows them. */
export interface ContainerProcesses {
  readonly container: string;
  readonly service: string;
  readonly replica: number;
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}

/** An image used by a container, as `images` shows it. */
export interface ContainerImage {
  readonly container: string;
  readonly service: string;
  /** `nginx`, or `<none>`. */
  readonly repository: string;
  /** `latest`, or `<none>`. */
  readonly tag: string;
  /** `linux/amd64`. */
  readonly platform: string;
  /** `sha256:...`. */
  readonly id: string;
  readonly size: number;
  /** Unix seconds. */
  readonly created: number;
}

/** A volume of the project, as `volumes` lists it. */
export interface ProjectVolume {
  /** The engine's name: `<project>_<key>`, or the volume's `name:`. */
  readonly name: string;
  /** `local`, or the volume driver's name. */
  readonly driver: string;
  /** `local` or `global`. */
  readonly scope: string;
  /** Where the driver keeps the data on the engine's host. */
  readonly mountpoint: string;
  readonly labels: Readonly<Record<string, string>>;
  /** RFC 3339, as the engine reports it; '' when it does not. */
  readonly createdAt: string;
}

/** A container event of the project, as `events` reports it. */
export interface ComposeEvent {
  readonly time: Date;
  readonly type: 'container';
  /** Container ID. */
  readonly id: string;
  readonly service: string;
  /** `create`, `start`, `die`, `exec_start: sh`, ... */
  readonly action: string;
  /** The event's attributes without the `com.docker.compose.*` labels. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Options of `events`. */
export interface EventsOptions extends ServicesOptions {
  /** Replay from this time (Unix seconds, RFC 3339 or a duration like `10m`). */
  readonly since?: string | undefined;
  /** Stop at this time; without it the stream follows until `signal` aborts. */
  readonly until?: string | undefined;
}

/** A project found on the engine, as `ls` lists it. */
export interface ProjectListing {
  readonly name: string;
  /** `running(2)`, `exited(1), running(2)`. */
  readonly status: string;
  /** The config files label, or `N/A`. */
  readonly configFiles: string;
}

/** Options of `ls`. */
export interface ListOptions {
  /** `-a`: count stopped containers too. */
  readonly all?: boolean | undefined;
  /** `--filter name=REGEX`. */
  readonly name?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Options of `wait`. */
export interface WaitOptions extends ServicesOptions, ReportingOptions {
  /** `--down-project`: run `down` once the first container exits. */
  readonly downProject?: boolean | undefined;
  /** Told about each container as it exits (`container "<id>" exited with status code N`). */
  readonly onExit?: ((containerId: string, exitCode: number) => void) | undefined;
}

/** One resource-usage reading of a container, as `stats` shows it. */
export interface ContainerStatsSample {
  readonly id: string;
  readonly name: string;
  readonly cpuPercent: number;
  readonly memoryUsage: number;
  readonly memoryLimit: number;
  readonly memoryPercent: number;
  readonly netRx: number;
  readonly netTx: number;
  readonly blockRead: number;
  readonly blockWrite: number;
  readonly pids: number;
}

/** Options of `stats`. */
export interface StatsOptions extends ServicesOptions {
  /** `-a`: stopped containers too. */
  readonly all?: boolean | undefined;
  /** `--no-stream`: one reading, then return. */
  readonly noStream?: boolean | undefined;
  /** Receives every new set of readings (one per container, in container order). */
  readonly onSample: (samples: readonly ContainerStatsSample[]) => void;
}

/** Options of `run`. */
export interface RunOptions extends ReportingOptions {
  /** The service the one-off container is made from. */
  readonly service: string;
  /** The command; empty or absent means the service's own (none with `entrypoint`). */
  readonly command?: readonly string[] | undefined;
  /** `--entrypoint`, already split into words; it also clears the service's command. */
  readonly entrypoint?: readonly string[] | undefined;
  /** `-d`: start the container and return its ID at once. */
  readonly detach?: boolean | undefined;
  /** `--rm`: the engine removes the container when it exits. */
  readonly autoRemove?: boolean | undefined;
  /** `--name`. @default `<project>-<service>-run-<12 hex>` */
  readonly name?: string | undefined;
  /** `-e` and `--env-from-file` values, `KEY=VALUE`, already resolved; they override the service's. */
  readonly env?: readonly string[] | undefined;
  /** `-l`: labels added to (or overriding) the service's. */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /** `-u`. */
  readonly user?: string | undefined;
  /** `-w`. */
  readonly workdir?: string | undefined;
  /** `-v`: volumes added to the service's. */
  readonly volumes?: readonly ServiceVolumeConfig[] | undefined;
  /** `-p`: ports published in addition to the service's (which are dropped unless `servicePorts`). */
  readonly publish?: readonly PortConfig[] | undefined;
  /** `-P/--service-ports`: keep the service's ports. */
  readonly servicePorts?: boolean | undefined;
  /** `--use-aliases`: the service name and its network aliases, besides the container's name. */
  readonly useAliases?: boolean | undefined;
  /** `--cap-add`. */
  readonly capAdd?: readonly string[] | undefined;
  /** `--cap-drop`. */
  readonly capDrop?: readonly string[] | undefined;
  /** `--no-deps`: neither start the dependencies nor wait for them. */
  readonly noDeps?: boolean | undefined;
  /** Allocate a pseudo-TTY. @default false */
  readonly tty?: boolean | undefined;
  /** Keep stdin open and connect `streams.stdin`. @default true when streams.stdin is given */
  readonly interactive?: boolean | undefined;
  /** Where the container's input and output go; required unless `detach`. */
  readonly streams?: TerminalStreams | undefined;
  /** Called once the container exists, just before its output flows (the CLI ends its progress display). */
  readonly onAttach?: (() => void) | undefined;
  /** `--build`. */
  readonly build?: boolean | undefined;
  /** `--pull`. @default 'policy' */
  readonly pull?: PullPolicy | undefined;
  readonly quietPull?: boolean | undefined;
  /** `--quiet-build`: no build output, only the image's Building/Built. */
  readonly quietBuild?: boolean | undefined;
  /** `--remove-orphans`. */
  readonly removeOrphans?: boolean | undefined;
  /** `COMPOSE_IGNORE_ORPHANS`. */
  readonly ignoreOrphans?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What `run` leaves: the one-off container and how it ended. */
export interface RunResult {
  /** Full 64-hex container ID. */
  readonly containerId: string;
  /** The container's exit code; 0 when detached. */
  readonly exitCode: number;
  /** The run report, when one was made (`report: 'always'`, or a non-zero exit code). */
  readonly report?: RunReport | undefined;
}

/** Options of `scale`. */
export interface ScaleOptions {
  /** Replica count by service. */
  readonly scale: Readonly<Record<string, number>>;
  /** `--no-deps`: leave the services' dependencies alone. */
  readonly noDeps?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A line of `watch`'s own output (`Watch enabled`, `Syncing service "web" after 2 changes were detected`). */
export interface WatchMessage {
  readonly level: 'info' | 'error';
  readonly text: string;
}

/** Options of `watch`. */
export interface WatchOptions extends ServicesOptions {
  /** `--no-up`: don't build and start the services before watching. */
  readonly noUp?: boolean | undefined;
  /** `--prune`: remove the image a rebuild replaced when nothing else uses it. @default true */
  readonly prune?: boolean | undefined;
  /** `--quiet`: hide build output. */
  readonly quiet?: boolean | undefined;
  /** `--no-build` given to `up --watch`: rebuild rules are then refused. */
  readonly noBuild?: boolean | undefined;
  /** Receives the watch's own lines. */
  readonly onMessage?: ((message: WatchMessage) => void) | undefined;
  /** Quiet period after the last file change before a batch is handled, in ms. @default 500 */
  readonly debounceMs?: number | undefined;
}
