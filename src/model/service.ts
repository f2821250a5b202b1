import type { BuildConfig } from './build.js';
import type { DeployConfig } from './deploy.js';
import type { Extensions, Mapping, MappingWithEquals } from './extensions.js';
import type {
  BlkioConfig,
  CredentialSpecConfig,
  DevelopConfig,
  DeviceMapping,
  DeviceRequest,
  EnvFile,
  ExtendsConfig,
  FileReference,
  HealthCheckConfig,
  LoggingConfig,
  PortConfig,
  ServiceDependency,
  ServiceHook,
  ServiceModelConfig,
  ServiceNetworkConfig,
  ServiceProviderConfig,
  ServiceVolumeConfig,
  UlimitConfig,
} from './service-parts.js';
import type { Bytes, Duration } from './units.js';

/**
 * One service of a project, in canonical form: every short syntax expanded, relative paths
 * resolved, sizes in bytes and durations in nanoseconds. Property names are the Compose keys in
 * camelCase (`container_name` -> `containerName`); the doc comment names the key where the
 * spelling differs more. Absent optional properties mean the key was not set.
 */
export interface ServiceConfig {
  /** The service's key in `services:`. */
  readonly name: string;
  readonly profiles?: readonly string[] | undefined;
  readonly annotations?: Mapping | undefined;
  readonly attach?: boolean | undefined;
  readonly build?: BuildConfig | undefined;
  readonly develop?: DevelopConfig | undefined;
  /** `blkio_config` */
  readonly blkioConfig?: BlkioConfig | undefined;
  /** `cap_add` */
  readonly capAdd?: readonly string[] | undefined;
  /** `cap_drop` */
  readonly capDrop?: readonly string[] | undefined;
  /** `cgroup_parent` */
  readonly cgroupParent?: string | undefined;
  readonly cgroup?: string | undefined;
  /** `cpu_count` */
  readonly cpuCount?: number | undefined;
  /** `cpu_percent` */
  readonly cpuPercent?: number | undefined;
  /** `cpu_period` */
  readonly cpuPeriod?: number | undefined;
  /** `cpu_quota` */
  readonly cpuQuota?: number | undefined;
  /** `cpu_rt_period` */
  readonly cpuRtPeriod?: number | undefined;
  /** `cpu_rt_runtime` */
  readonly cpuRtRuntime?: number | undefined;
  readonly cpus?: number | undefined;
  /** `cpuset` */
  readonly cpuSet?: string | undefined;
  /** `cpu_shares` */
  readonly cpuShares?: number | undefined;
  /** The command, already split; `null` when unset (the image's default applies). */
  readonly command: readonly string[] | null;
  readonly configs?: readonly FileReference[] | undefined;
  /** `container_name` */
  readonly containerName?: string | undefined;
  /** `credential_spec` */
  readonly credentialSpec?: CredentialSpecConfig | undefined;
  /** `depends_on`, including the dependencies implied by links, namespaces and volumes_from. */
  readonly dependsOn?: Readonly<Record<string, ServiceDependency>> | undefined;
  readonly deploy?: DeployConfig | undefined;
  /** `device_cgroup_rules` */
  readonly deviceCgroupRules?: readonly string[] | undefined;
  readonly devices?: readonly DeviceMapping[] | undefined;
  readonly dns?: readonly string[] | undefined;
  /** `dns_opt` */
  readonly dnsOpts?: readonly string[] | undefined;
  /** `dns_search` */
  readonly dnsSearch?: readonly string[] | undefined;
  readonly dockerfile?: string | undefined;
  /** `domainname` */
  readonly domainName?: string | undefined;
  /** The entrypoint, already split; `null` when unset. */
  readonly entrypoint: readonly string[] | null;
  readonly provider?: ServiceProviderConfig | undefined;
  /** Environment variables; once env files are resolved they are included. `null`: no value. */
  readonly environment?: MappingWithEquals | undefined;
  /** `env_file` (absent once resolved into `environment` when the loader discards them). */
  readonly envFiles?: readonly EnvFile[] | undefined;
  readonly expose?: readonly string[] | undefined;
  readonly extends?: ExtendsConfig | undefined;
  /** `external_links` */
  readonly externalLinks?: readonly string[] | undefined;
  /** `extra_hosts`: host name to addresses, in order. */
  readonly extraHosts?: Readonly<Record<string, readonly string[]>> | undefined;
  /** `group_add` */
  readonly groupAdd?: readonly string[] | undefined;
  readonly gpus?: readonly DeviceRequest[] | undefined;
  readonly hostname?: string | undefined;
  readonly healthcheck?: HealthCheckConfig | undefined;
  readonly image?: string | undefined;
  readonly init?: boolean | undefined;
  readonly ipc?: string | undefined;
  readonly isolation?: string | undefined;
  readonly labels?: Mapping | undefined;
  /** `label_file` */
  readonly labelFiles?: readonly string[] | undefined;
  readonly links?: readonly string[] | undefined;
  readonly logging?: LoggingConfig | undefined;
  /** `log_driver` (legacy) */
  readonly logDriver?: string | undefined;
  /** `log_opt` (legacy) */
  readonly logOpt?: Mapping | undefined;
  /** `mem_limit` */
  readonly memLimit?: Bytes | undefined;
  /** `mem_reservation` */
  readonly memReservation?: Bytes | undefined;
  /** `memswap_limit` */
  readonly memSwapLimit?: Bytes | undefined;
  /** `mem_swappiness` */
  readonly memSwappiness?: number | undefined;
  /** `mac_address` */
  readonly macAddress?: string | undefined;
  /** Models the service uses; `null` for an entry without options. */
  readonly models?: Readonly<Record<string, ServiceModelConfig | null>> | undefined;
  /** `net` (legacy) */
  readonly net?: string | undefined;
  /** `network_mode` */
  readonly networkMode?: string | undefined;
  /** Networks the service joins; `null` for an attachment without options. */
  readonly networks?: Readonly<Record<string, ServiceNetworkConfig | null>> | undefined;
  /** `oom_kill_disable` */
  readonly oomKillDisable?: boolean | undefined;
  /** `oom_score_adj` */
  readonly oomScoreAdj?: number | undefined;
  readonly pid?: string | undefined;
  /** `pids_limit` */
  readonly pidsLimit?: number | undefined;
  readonly platform?: string | undefined;
  readonly ports?: readonly PortConfig[] | undefined;
  readonly privileged?: boolean | undefined;
  /** `pull_policy` (`if_not_present` is normalised to `missing`). */
  readonly pullPolicy?: string | undefined;
  /** `read_only` */
  readonly readOnly?: boolean | undefined;
  readonly restart?: string | undefined;
  readonly runtime?: string | undefined;
  readonly scale?: number | undefined;
  readonly secrets?: readonly FileReference[] | undefined;
  /** `security_opt` */
  readonly securityOpt?: readonly string[] | undefined;
  /** `shm_size` */
  readonly shmSize?: Bytes | undefined;
  /** `stdin_open` */
  readonly stdinOpen?: boolean | undefined;
  /** `stop_grace_period` */
  readonly stopGracePeriod?: Duration | undefined;
  /** `stop_signal` */
  readonly stopSignal?: string | undefined;
  /** `storage_opt` */
  readonly storageOpt?: Mapping | undefined;
  readonly sysctls?: Mapping | undefined;
  readonly tmpfs?: readonly string[] | undefined;
  readonly tty?: boolean | undefined;
  readonly ulimits?: Readonly<Record<string, UlimitConfig>> | undefined;
  /** `use_api_socket` */
  readonly useApiSocket?: boolean | undefined;
  readonly user?: string | undefined;
  /** `userns_mode` */
  readonly usernsMode?: string | undefined;
  readonly uts?: string | undefined;
  /** `volume_driver` */
  readonly volumeDriver?: string | undefined;
  readonly volumes?: readonly ServiceVolumeConfig[] | undefined;
  /** `volumes_from`: `service`, `service:ro`, `container:name[:mode]`. */
  readonly volumesFrom?: readonly string[] | undefined;
  /** `working_dir` */
  readonly workingDir?: string | undefined;
  /** `pre_start` */
  readonly preStart?: readonly ServiceHook[] | undefined;
  /** `post_start` */
  readonly postStart?: readonly ServiceHook[] | undefined;
  /** `pre_stop` */
  readonly preStop?: readonly ServiceHook[] | undefined;
  /** The service's `x-*` keys. */
  readonly extensions?: Extensions | undefined;
}
