import type { ReportingOptions } from './compose.js';
import type { Plan } from './plan.js';
import type { Project } from '../model/project.js';
import type { SourceLocation } from './errors.js';

/**
 * The contract of `flotilla stack`: a compose project deployed as a Docker Swarm stack, its
 * objects named and labelled as `docker stack deploy` names them (`<stack>_<name>`,
 * `com.docker.stack.namespace`), so that the docker CLI and flotilla each manage the stacks the
 * other deployed. `createStacks()` (src/stack) implements it on the Engine API of a swarm
 * manager. Every method reports progress through the sink given at creation and throws
 * {@link ComposeError} on failure.
 */
export interface Stacks {
  /**
   * `stack deploy`: creates or updates the stack's networks, secrets, configs and services so
   * that they match the project; services whose spec is unchanged are left alone.
   */
  deployStack(project: Project, options?: StackDeployOptions): Promise<StackDeployResult>;
  /**
   * `stack deploy --dry-run`: what `deployStack` would do with the same options, and why (every
   * field that differs for a service it would update; environment values withheld), read from
   * the swarm without changing it.
   */
  planStackDeploy(project: Project, options?: StackDeployOptions): Promise<Plan>;
  /** `stack rm`: removes the stacks' services, secrets, configs and networks (and volumes when asked). */
  removeStack(stacks: readonly string[], options?: StackRemoveOptions): Promise<void>;
  /** `stack ls`: the stacks on the swarm, with their service counts, sorted by name. */
  listStacks(options?: StackCallOptions): Promise<StackSummary[]>;
  /** `stack ps`: the tasks of a stack. @throws ComposeError `NOT_FOUND` when it has none */
  stackPs(stack: string, options?: StackPsOptions): Promise<StackTask[]>;
  /** `stack services`: the services of a stack with their running and desired task counts. */
  stackServices(stack: string, options?: StackServicesOptions): Promise<StackService[]>;
  /**
   * `stack config`: what `deployStack` would send, computed without any engine: the Swarm specs
   * of the networks, secrets and configs (content left out) and services, with the warnings.
   */
  stackConfig(project: Project, options?: StackConfigOptions): Promise<StackPlan>;
}

/** What every stack call accepts. */
export interface StackCallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** `--resolve-image`: when to ask the registry for an image's digest before deploying it. */
export type ResolveImage = 'always' | 'changed' | 'never';

/** Options of {@link Stacks.stackConfig} (and the conversion part of a deploy). */
export interface StackConfigOptions extends StackCallOptions {
  /** The stack name. @default the project name */
  readonly stack?: string | undefined;
  /**
   * The Engine API version the specs are for: fields the engine would silently ignore are left
   * out, with a warning. @default the engine's version on deploy; `CLIENT_MAX_API_VERSION` for config
   */
  readonly apiVersion?: string | undefined;
  /**
   * `--strict`: a field Swarm cannot honour (or that the engine's API version lacks) is an error,
   * raised before anything is built or created, instead of a warning.
   */
  readonly strict?: boolean | undefined;
  /** `--build`: services with `build:` are built (and pushed with `push`). */
  readonly build?: boolean | undefined;
  /**
   * Where a model path is written in the compose files, for warnings and errors; the CLI
   * supplies it from the loaded files.
   */
  readonly locate?:
    ((path: readonly (string | number)[]) => SourceLocation | undefined) | undefined;
}

/** Options of {@link Stacks.deployStack}. */
export interface StackDeployOptions extends StackConfigOptions, ReportingOptions {
  /** `--prune`: remove the stack's services that the project no longer has. */
  readonly prune?: boolean | undefined;
  /**
   * `--wait` (`--detach=false`): wait for every service to converge (its tasks running, healthy
   * where a health check is set, jobs complete) and fail with the tasks' errors when one does
   * not. Also waits for each service's dependencies before creating it. A failed wait makes a
   * run report (`ComposeError.report`, `onReport`): per service its latest tasks as containers
   * (state, exit code, the swarm's error, the last log lines); with `report: 'always'` a
   * successful wait makes one too.
   */
  readonly wait?: boolean | undefined;
  /** `--wait-timeout` in seconds. @default no limit */
  readonly waitTimeout?: number | undefined;
  /** `--with-registry-auth`: send the registry credentials to the nodes. */
  readonly withRegistryAuth?: boolean | undefined;
  /** `--resolve-image`. @default 'always' */
  readonly resolveImage?: ResolveImage | undefined;
  /** `--push` (with `build`): push the built images and deploy them by digest. */
  readonly push?: boolean | undefined;
  /**
   * Whether the swarm's nodes can balance a virtual IP (IPVS in their kernel): when false, a
   * service using `endpoint_mode: vip` or an `ingress` port gets a warning. @default unknown
   */
  readonly ipvs?: boolean | undefined;
}

/** A field or object the conversion could not carry over as written. */
export interface StackWarning {
  /**
   * `unsupported`: Swarm cannot honour it; `api-version`: the engine's API version lacks it;
   * `notice`: carried over differently or ignored on purpose (never an error with `strict`).
   */
  readonly kind: 'unsupported' | 'api-version' | 'notice';
  /** Dotted model path, e.g. `services.web.privileged`. */
  readonly path: string;
  readonly message: string;
  readonly location?: SourceLocation | undefined;
}

/** What a deploy did to each service. */
export interface StackDeployResult {
  readonly stack: string;
  readonly services: readonly {
    /** The service key in the project. */
    readonly service: string;
    /** `<stack>_<service>`. */
    readonly name: string;
    readonly id: string;
    readonly action: 'created' | 'updated' | 'unchanged';
  }[];
  /** The warnings also passed to `warn`. */
  readonly warnings: readonly StackWarning[];
}

/** Options of {@link Stacks.removeStack}. */
export interface StackRemoveOptions extends StackCallOptions {
  /**
   * `--volumes`: also remove the stack's volumes (those labelled with its namespace) on the node
   * the client talks to, once its tasks are gone. Volumes live on each node; those of other
   * nodes are named in a warning.
   */
  readonly volumes?: boolean | undefined;
}

/** One stack of {@link Stacks.listStacks}. */
export interface StackSummary {
  readonly name: string;
  readonly services: number;
}

/** Options of {@link Stacks.stackPs}. */
export interface StackPsOptions extends StackCallOptions {
  /** Engine task filters (`desired-state=running`, `node=...`, `name=...`, ...). */
  readonly filters?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** One task of {@link Stacks.stackPs}, with the names `docker stack ps` shows. */
export interface StackTask {
  readonly id: string;
  /** `<service>.<slot>` or `<service>.<node id>` (global services). */
  readonly name: string;
  readonly serviceName: string;
  readonly slot: number | undefined;
  readonly image: string;
  /** Node hostname (or ID when unknown). */
  readonly node: string;
  readonly nodeId: string;
  readonly desiredState: string;
  readonly state: string;
  /** When the task entered its current state (ISO time). */
  readonly stateSince: string;
  readonly error: string;
  /** Exit code of the task's container, once it exited. */
  readonly exitCode: number | undefined;
  /** Published host-mode ports, `*:8080->80/tcp`. */
  readonly ports: readonly string[];
  readonly createdAt: string;
}

/** Options of {@link Stacks.stackServices}. */
export interface StackServicesOptions extends StackCallOptions {
  /** Engine service filters (`name=...`, `mode=...`, ...). */
  readonly filters?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** One service of {@link Stacks.stackServices}. */
export interface StackService {
  readonly id: string;
  readonly name: string;
  /** `replicated`, `global`, `replicated job` or `global job`. */
  readonly mode: string;
  /** Tasks running and desired, from the engine's service status. */
  readonly running: number;
  readonly desired: number;
  /** Completed tasks of jobs. */
  readonly completed: number | undefined;
  readonly image: string;
  /** `*:8080->80/tcp` for each published port. */
  readonly ports: readonly string[];
}

/** The Swarm objects a project becomes ({@link Stacks.stackConfig}). */
export interface StackPlan {
  readonly stack: string;
  /** `POST /networks/create` bodies, by engine name. */
  readonly networks: Readonly<Record<string, unknown>>;
  /** Networks used but created elsewhere (`external: true`). */
  readonly externalNetworks: readonly string[];
  /** Secret specs without their data, by engine name (`<stack>_<name>_<content hash>`). */
  readonly secrets: Readonly<Record<string, unknown>>;
  /** Config specs without their data, by engine name. */
  readonly configs: Readonly<Record<string, unknown>>;
  /** Service specs by service key, in dependency order. */
  readonly services: Readonly<Record<string, unknown>>;
  readonly warnings: readonly StackWarning[];
}
