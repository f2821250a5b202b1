import type { Extensions, Mapping, MappingWithEquals } from './extensions.js';
import type { Bytes, Duration } from './units.js';

/** One `ports` entry (long syntax). */
export interface PortConfig {
  readonly name?: string | undefined;
  /** `host` or `ingress`. */
  readonly mode?: string | undefined;
  /** `host_ip` */
  readonly hostIp?: string | undefined;
  /** Container port. */
  readonly target: number;
  /** Host port or range (`8080`, `8000-8010`); absent for a random host port. */
  readonly published?: string | undefined;
  /** `tcp`, `udp` or `sctp`. */
  readonly protocol?: string | undefined;
  /** `app_protocol` */
  readonly appProtocol?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `volumes` entry of a service (long syntax). */
export interface ServiceVolumeConfig {
  /** `volume`, `bind`, `tmpfs`, `npipe`, `cluster` or `image`. */
  readonly type: string;
  /** Volume name, host path or image; absent for anonymous volumes and tmpfs. */
  readonly source?: string | undefined;
  readonly target: string;
  /** `read_only` */
  readonly readOnly?: boolean | undefined;
  readonly consistency?: string | undefined;
  readonly bind?: VolumeBindOptions | undefined;
  readonly volume?: VolumeVolumeOptions | undefined;
  readonly tmpfs?: VolumeTmpfsOptions | undefined;
  readonly image?: VolumeImageOptions | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `bind:` options of a bind mount. */
export interface VolumeBindOptions {
  readonly selinux?: string | undefined;
  readonly propagation?: string | undefined;
  /** `create_host_path`: create the source directory when missing. @default true */
  readonly createHostPath?: boolean | undefined;
  readonly recursive?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `volume:` options of a volume mount. */
export interface VolumeVolumeOptions {
  readonly labels?: Mapping | undefined;
  /** `nocopy` */
  readonly noCopy?: boolean | undefined;
  readonly subpath?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `tmpfs:` options of a tmpfs mount. */
export interface VolumeTmpfsOptions {
  readonly size?: Bytes | undefined;
  /** File mode (read as octal in YAML). */
  readonly mode?: number | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `image:` options of an image mount. */
export interface VolumeImageOptions {
  readonly subpath?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** A service's use of a secret or config (`secrets:` / `configs:` entries). */
export interface FileReference {
  /** Key of the top-level secret or config. */
  readonly source: string;
  /** Path in the container (secrets default to `/run/secrets/<source>`). */
  readonly target?: string | undefined;
  readonly uid?: string | undefined;
  readonly gid?: string | undefined;
  /** File mode (read as octal in YAML). */
  readonly mode?: number | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `ulimits` entry: a single value, or soft and hard limits. */
export interface UlimitConfig {
  readonly single?: number | undefined;
  readonly soft?: number | undefined;
  readonly hard?: number | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `devices` entry. */
export interface DeviceMapping {
  readonly source: string;
  readonly target: string;
  /** cgroup permissions, `rwm` by default. */
  readonly permissions?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** A device request: `gpus` entries and `deploy.resources.reservations.devices`. */
export interface DeviceRequest {
  readonly capabilities?: readonly string[] | undefined;
  readonly driver?: string | undefined;
  /** Number of devices; `-1` means all. */
  readonly count?: number | undefined;
  /** `device_ids` */
  readonly deviceIds?: readonly string[] | undefined;
  readonly options?: Mapping | undefined;
}

/** How a service is attached to one network (`services.*.networks.<name>`). */
export interface ServiceNetworkConfig {
  readonly aliases?: readonly string[] | undefined;
  /** `driver_opts` */
  readonly driverOpts?: Mapping | undefined;
  /** `gw_priority` */
  readonly gatewayPriority?: number | undefined;
  /** `interface_name` */
  readonly interfaceName?: string | undefined;
  /** `ipv4_address` */
  readonly ipv4Address?: string | undefined;
  /** `ipv6_address` */
  readonly ipv6Address?: string | undefined;
  /** `link_local_ips` */
  readonly linkLocalIps?: readonly string[] | undefined;
  /** `mac_address` */
  readonly macAddress?: string | undefined;
  readonly priority?: number | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `depends_on` entry. */
export interface ServiceDependency {
  /** `service_started`, `service_healthy` or `service_completed_successfully`. */
  readonly condition: string;
  /** Restart this service when the dependency is updated. */
  readonly restart?: boolean | undefined;
  /** When false, a missing or disabled dependency is ignored. */
  readonly required: boolean;
  readonly extensions?: Extensions | undefined;
}

/** `healthcheck:` */
export interface HealthCheckConfig {
  /** `['CMD', ...]`, `['CMD-SHELL', cmd]` or `['NONE']`. */
  readonly test?: readonly string[] | undefined;
  readonly timeout?: Duration | undefined;
  readonly interval?: Duration | undefined;
  readonly retries?: number | undefined;
  /** `start_period` */
  readonly startPeriod?: Duration | undefined;
  /** `start_interval` */
  readonly startInterval?: Duration | undefined;
  readonly disable?: boolean | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `logging:` */
export interface LoggingConfig {
  readonly driver?: string | undefined;
  readonly options?: Mapping | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One lifecycle hook (`pre_start`, `post_start`, `pre_stop`) or a watch rule's `exec`. */
export interface ServiceHook {
  readonly command: readonly string[] | null;
  readonly image?: string | undefined;
  readonly user?: string | undefined;
  readonly privileged?: boolean | undefined;
  /** `working_dir` */
  readonly workingDir?: string | undefined;
  readonly environment?: MappingWithEquals | undefined;
  /** `per_replica` */
  readonly perReplica?: boolean | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `develop:` */
export interface DevelopConfig {
  readonly watch?: readonly WatchTrigger[] | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `develop.watch` rule. */
export interface WatchTrigger {
  readonly path: string;
  /** `sync`, `rebuild`, `restart`, `sync+restart`, `sync+exec`. */
  readonly action: string;
  readonly target?: string | undefined;
  readonly exec?: ServiceHook | undefined;
  readonly include?: readonly string[] | undefined;
  readonly ignore?: readonly string[] | undefined;
  /** `initial_sync` */
  readonly initialSync?: boolean | undefined;
  readonly extensions?: Extensions | undefined;
}

/** One `env_file` entry. */
export interface EnvFile {
  /** Absolute once paths are resolved. */
  readonly path: string;
  /** A missing optional file is skipped. @default true */
  readonly required: boolean;
  /** `raw` for docker's env-file syntax; compose's dotenv syntax when absent. */
  readonly format?: string | undefined;
}

/** `blkio_config:` */
export interface BlkioConfig {
  readonly weight?: number | undefined;
  /** `weight_device` */
  readonly weightDevice?: readonly { readonly path: string; readonly weight: number }[] | undefined;
  /** `device_read_bps` */
  readonly deviceReadBps?: readonly ThrottleDevice[] | undefined;
  /** `device_read_iops` */
  readonly deviceReadIops?: readonly ThrottleDevice[] | undefined;
  /** `device_write_bps` */
  readonly deviceWriteBps?: readonly ThrottleDevice[] | undefined;
  /** `device_write_iops` */
  readonly deviceWriteIops?: readonly ThrottleDevice[] | undefined;
  readonly extensions?: Extensions | undefined;
}

/** A device and a rate (bytes or operations per second). */
export interface ThrottleDevice {
  readonly path: string;
  readonly rate: number;
}

/** `credential_spec:` (Windows). */
export interface CredentialSpecConfig {
  readonly config?: string | undefined;
  readonly file?: string | undefined;
  readonly registry?: string | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `provider:`: a service implemented by a plugin instead of a container. */
export interface ServiceProviderConfig {
  readonly type?: string | undefined;
  /** Option name to its values (always lists of strings). */
  readonly options?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly extensions?: Extensions | undefined;
}

/** `extends:`, kept for information once the service is built. */
export interface ExtendsConfig {
  readonly file?: string | undefined;
  readonly service: string;
}

/** A service's use of a top-level model (`services.*.models.<name>`). */
export interface ServiceModelConfig {
  /** `endpoint_var` */
  readonly endpointVariable?: string | undefined;
  /** `model_var` */
  readonly modelVariable?: string | undefined;
  readonly extensions?: Extensions | undefined;
}
