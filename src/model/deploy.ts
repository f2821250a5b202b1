import type { Extensions, Mapping } from './extensions.js';
import type { DeviceRequest } from './service-parts.js';
import type { Bytes, Duration } from './units.js';

/** `deploy:` of a service. */
export interface DeployConfig {
  /** `replicated`, `global`, `replicated-job`, `global-job`. */
  readonly mode?: string | undefined;
  readonly replicas?: number | undefined;
  readonly labels?: Mapping | undefined;
  /** `update_config` */
  readonly updateConfig?: UpdateConfig | undefined;
  /** `rollback_config` */
  readonly rollbackConfig?: UpdateConfig | undefined;
  readonly resources: Resources;
  /** `restart_policy` */
  readonly restartPolicy?: RestartPolicy | undefined;
  readonly placement: Placement;
  /** `endpoint_mode`: `vip` or `dnsrr`. */
  readonly endpointMode?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `deploy.update_config` / `deploy.rollback_config`. */
export interface UpdateConfig {
  readonly parallelism?: number | undefined;
  readonly delay?: Duration | undefined;
  /** `failure_action` */
  readonly failureAction?: string | undefined;
  readonly monitor?: Duration | undefined;
  /** `max_failure_ratio` */
  readonly maxFailureRatio?: number | undefined;
  readonly order?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `deploy.resources` */
export interface Resources {
  readonly limits?: Resource | undefined;
  readonly reservations?: Resource | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `deploy.resources.limits` / `.reservations`. */
export interface Resource {
  /** Number of CPUs (fractional). */
  readonly cpus?: number | undefined;
  readonly memory?: Bytes | undefined;
  readonly pids?: number | undefined;
  readonly devices?: readonly DeviceRequest[] | undefined;
  /** `generic_resources` */
  readonly genericResources?: readonly GenericResource[] | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `generic_resources` entry. */
export interface GenericResource {
  /** `discrete_resource_spec` */
  readonly discreteResourceSpec?: { readonly kind: string; readonly value: number } | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `deploy.restart_policy` */
export interface RestartPolicy {
  readonly condition?: string | undefined;
  readonly delay?: Duration | undefined;
  /** `max_attempts` */
  readonly maxAttempts?: number | undefined;
  readonly window?: Duration | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `deploy.placement` */
export interface Placement {
  readonly constraints?: readonly string[] | undefined;
  readonly preferences?: readonly { readonly spread?: string | undefined }[] | undefined;
  /** `max_replicas_per_node` */
  readonly maxReplicasPerNode?: number | undefined;
  readonly extensions?: Extensions | undefined;
}
