/**
 * The plan of a verb: what `up`, `create` or `down` would do to each resource, and why, computed
 * from the engine's current state without changing it (`--dry-run`, `up --explain`).
 * The shape is also the `--format json` output, so it is versioned.
 */

/** Version of the JSON shape of {@link Plan}; bumped when a field changes meaning. */
export const PLAN_SCHEMA_VERSION = 1;

/** What would happen to a resource. */
export type PlanAction =
  /** A container, network or volume that does not exist would be created. */
  | 'create'
  /** A container would be replaced by a new one (see its reasons). */
  | 'recreate'
  /** A swarm service would be updated in place (see its reasons); Swarm replaces its tasks. */
  | 'update'
  /** An existing, stopped container would be started. */
  | 'start'
  /** A running container would be stopped (and started again after its dependency). */
  | 'stop'
  /** A container, network, volume or image would be removed. */
  | 'remove'
  /** Nothing would change. */
  | 'keep'
  /** An image would be pulled. */
  | 'pull'
  /** An image would be built. */
  | 'build';

/**
 * One reason for an action: a field whose value differs, or an event that forces the action.
 * Values of environment variables (and of anything secret) are never included: `redacted` says
 * that the values differ but are not shown.
 */
export interface PlanReason {
  /** Dotted path of the field (`environment.REDIS_HOST`, `ports`, `image`), or a cause (`depends_on.db`). */
  readonly field: string;
  /** The value in the running configuration, when it can be shown. */
  readonly old?: string | undefined;
  /** The value the file asks for, when it can be shown. */
  readonly new?: string | undefined;
  /** True when values exist but are withheld (environment values). */
  readonly redacted?: boolean | undefined;
  /** The reason as one line: `environment.REDIS_HOST: changed (values redacted)`. */
  readonly text: string;
}

/** One resource of the plan. */
export interface PlanStep {
  readonly kind: 'container' | 'network' | 'volume' | 'image' | 'service' | 'secret' | 'config';
  /** Engine name (container, network, volume, swarm service, secret and config names, image references). */
  readonly name: string;
  /** The compose service, for containers, swarm services and images. */
  readonly service?: string | undefined;
  readonly action: PlanAction;
  /** For an existing container, its engine state now (`running`, `exited`, ...). */
  readonly state?: string | undefined;
  /** For `create`, `recreate` and `start`: whether the container is started afterwards. */
  readonly start?: boolean | undefined;
  /** Why: for `recreate` the differing fields; for others a short cause when there is one. */
  readonly reasons: readonly PlanReason[];
  /**
   * For a container compared by its config hash: the rule set under which its hash was judged
   * (`current`, or the docker compose versions that created it, e.g. `compose 2.26.0-2.28.1`).
   */
  readonly hashRules?: string | undefined;
}

/** What a verb would do. */
export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly project: string;
  readonly command: 'up' | 'create' | 'down' | 'stack deploy';
  /** In the order the verb would act (images, networks and volumes, then containers by dependency). */
  readonly steps: readonly PlanStep[];
  /** Warnings the verb would print (orphans, ...). */
  readonly warnings: readonly string[];
}
