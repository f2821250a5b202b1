// Engine API shapes for Swarm: services, tasks, nodes, secrets and configs (the fields a stack
// uses). Responses mirror the engine's JSON: Go nil maps and slices arrive as null or are left
// out, durations are integer nanoseconds and file modes decimal numbers.

/** An object's version; updates must name the version they change (optimistic locking). */
export interface ObjectVersion {
  Index: number;
}

/** A pluggable driver and its options (log driver, secret driver, template driver). */
export interface SwarmDriver {
  Name: string;
  Options?: Record<string, string> | null;
}

/** The `Name` and `Labels` every Swarm object spec has. */
export interface Annotations {
  Name: string;
  Labels?: Record<string, string> | null;
}

/** One mount of a service's containers. */
export interface SwarmMount {
  /** `bind`, `volume`, `tmpfs`, `npipe`, `cluster` or `image`. */
  Type: string;
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: {
    Propagation?: string;
    NonRecursive?: boolean;
    /** API >= 1.42. */
    CreateMountpoint?: boolean;
  } | null;
  VolumeOptions?: {
    NoCopy?: boolean;
    Labels?: Record<string, string> | null;
    DriverConfig?: SwarmDriver | null;
    /** API >= 1.45. */
    Subpath?: string;
  } | null;
  TmpfsOptions?: {
    SizeBytes?: number;
    /** File mode, decimal. */
    Mode?: number;
  } | null;
  /** API >= 1.48. */
  ImageOptions?: { Subpath?: string } | null;
}

/** Where a secret or config appears in the container. */
export interface FileTarget {
  /** Path; relative ones are under `/run/secrets` (secrets) or `/` (configs). */
  Name: string;
  UID: string;
  GID: string;
  /** File mode, decimal (0o444 is 292). */
  Mode: number;
}

/** A service's use of a secret: both the ID and the name are required. */
export interface SecretReference {
  File?: FileTarget | null;
  SecretID: string;
  SecretName: string;
}

/** A service's use of a config. */
export interface ConfigReference {
  File?: FileTarget | null;
  /** API >= 1.40: a config used by the runtime (credential specs), not mounted. */
  Runtime?: Record<string, never> | null;
  ConfigID: string;
  ConfigName: string;
}

/** A container health check, durations in nanoseconds. */
export interface SwarmHealthConfig {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  /** API >= 1.44. */
  StartInterval?: number;
  Retries?: number;
}

export interface SwarmUlimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** The container a service's tasks run. */
export interface ContainerSpec {
  Image: string;
  Labels?: Record<string, string> | null;
  /** The entrypoint. */
  Command?: string[] | null;
  /** The command. */
  Args?: string[] | null;
  Hostname?: string;
  Env?: string[] | null;
  Dir?: string;
  User?: string;
  Groups?: string[] | null;
  Privileges?: {
    CredentialSpec?: { Config?: string; File?: string; Registry?: string } | null;
    SELinuxContext?: unknown;
  } | null;
  Init?: boolean | null;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: SwarmMount[] | null;
  StopSignal?: string;
  /** Nanoseconds. */
  StopGracePeriod?: number | null;
  Healthcheck?: SwarmHealthConfig | null;
  /** `IP host...` lines for /etc/hosts. */
  Hosts?: string[] | null;
  DNSConfig?: {
    Nameservers?: string[] | null;
    Search?: string[] | null;
    Options?: string[] | null;
  } | null;
  Secrets?: SecretReference[] | null;
  Configs?: ConfigReference[] | null;
  /** `default`, `process` or `hyperv`. */
  Isolation?: string;
  /** API >= 1.40. */
  Sysctls?: Record<string, string> | null;
  /** API >= 1.41. */
  CapabilityAdd?: string[] | null;
  /** API >= 1.41. */
  CapabilityDrop?: string[] | null;
  /** API >= 1.41. */
  Ulimits?: SwarmUlimit[] | null;
  /** API >= 1.46. */
  OomScoreAdj?: number;
}

export interface GenericResourceSpec {
  NamedResourceSpec?: { Kind: string; Value: string } | null;
  DiscreteResourceSpec?: { Kind: string; Value: number } | null;
}

export interface ResourceRequirements {
  Limits?: {
    NanoCPUs?: number;
    MemoryBytes?: number;
    /** API >= 1.41. */
    Pids?: number;
  } | null;
  Reservations?: {
    NanoCPUs?: number;
    MemoryBytes?: number;
    GenericResources?: GenericResourceSpec[] | null;
  } | null;
  /** API >= 1.52. */
  SwapBytes?: number | null;
  /** API >= 1.52. */
  MemorySwappiness?: number | null;
}

export interface SwarmRestartPolicy {
  /** `none`, `on-failure` or `any`. */
  Condition?: string;
  Delay?: number | null;
  MaxAttempts?: number | null;
  Window?: number | null;
}

export interface SwarmPlatform {
  Architecture?: string;
  OS?: string;
}

export interface SwarmPlacement {
  Constraints?: string[] | null;
  Preferences?: { Spread?: { SpreadDescriptor: string } }[] | null;
  /** API >= 1.40. */
  MaxReplicas?: number;
  Platforms?: SwarmPlatform[] | null;
}

export interface NetworkAttachmentConfig {
  /** Network name or ID. */
  Target: string;
  Aliases?: string[] | null;
  DriverOpts?: Record<string, string> | null;
}

export interface TaskSpec {
  ContainerSpec?: ContainerSpec | null;
  Resources?: ResourceRequirements | null;
  RestartPolicy?: SwarmRestartPolicy | null;
  Placement?: SwarmPlacement | null;
  Networks?: NetworkAttachmentConfig[] | null;
  LogDriver?: SwarmDriver | null;
  /** Bumped to force tasks to be recreated. */
  ForceUpdate?: number;
  Runtime?: string;
}

export interface ServiceMode {
  Replicated?: { Replicas?: number } | null;
  Global?: Record<string, never> | null;
  /** API >= 1.41. */
  ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number } | null;
  /** API >= 1.41. */
  GlobalJob?: Record<string, never> | null;
}

export interface SwarmUpdateConfig {
  Parallelism?: number;
  Delay?: number;
  /** `continue`, `pause` or `rollback`. */
  FailureAction?: string;
  Monitor?: number;
  MaxFailureRatio?: number;
  /** `stop-first` or `start-first`. */
  Order?: string;
}

export interface SwarmPortConfig {
  Name?: string;
  /** `tcp`, `udp` or `sctp`. */
  Protocol?: string;
  TargetPort: number;
  PublishedPort?: number;
  /** `ingress` or `host`. */
  PublishMode?: string;
}

export interface EndpointSpec {
  /** `vip` or `dnsrr`. */
  Mode?: string;
  Ports?: SwarmPortConfig[] | null;
}

/** Body of `POST /services/create` and `POST /services/{id}/update`. */
export interface ServiceSpec extends Annotations {
  TaskTemplate: TaskSpec;
  Mode?: ServiceMode;
  UpdateConfig?: SwarmUpdateConfig | null;
  RollbackConfig?: SwarmUpdateConfig | null;
  EndpointSpec?: EndpointSpec | null;
}

/** `UpdateStatus.State`. */
export type UpdateState =
  | 'updating'
  | 'paused'
  | 'completed'
  | 'rollback_started'
  | 'rollback_paused'
  | 'rollback_completed';

/** `GET /services/{id}`. */
export interface SwarmService {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec | null;
  Endpoint?: { Spec?: EndpointSpec; Ports?: SwarmPortConfig[] | null } | null;
  UpdateStatus?: {
    State?: UpdateState;
    StartedAt?: string;
    CompletedAt?: string;
    Message?: string;
  } | null;
  /** With `status=true` on the list (API >= 1.41). */
  ServiceStatus?: { RunningTasks: number; DesiredTasks: number; CompletedTasks?: number } | null;
  JobStatus?: { JobIteration: ObjectVersion; LastExecution?: string } | null;
}

/** Answer of `POST /services/create`. */
export interface ServiceCreateResponse {
  ID: string;
  Warnings?: string[] | null;
}

/** Answer of `POST /services/{id}/update`. */
export interface ServiceUpdateResponse {
  Warnings?: string[] | null;
}

/** Task states, in the order a task goes through them. */
export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

/** `GET /tasks/{id}`. */
export interface SwarmTask {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  Labels?: Record<string, string> | null;
  Spec: TaskSpec;
  ServiceID: string;
  /** Replicated services: 1, 2, ...; absent for global ones. */
  Slot?: number;
  NodeID?: string;
  Status: {
    Timestamp: string;
    State: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number } | null;
    PortStatus?: { Ports?: SwarmPortConfig[] | null } | null;
  };
  DesiredState: TaskState;
  NetworksAttachments?:
    { Network?: { ID: string; Spec?: { Name?: string } }; Addresses?: string[] | null }[] | null;
  JobIteration?: ObjectVersion | null;
}

/** `GET /nodes/{id}`. */
export interface SwarmNode {
  ID: string;
  Version: ObjectVersion;
  Spec: {
    Name?: string;
    Labels?: Record<string, string> | null;
    /** `worker` or `manager`. */
    Role: string;
    /** `active`, `pause` or `drain`. */
    Availability: string;
  };
  Description?: {
    Hostname?: string;
    Platform?: { Architecture?: string; OS?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string; Labels?: Record<string, string> | null };
  };
  Status: {
    /** `unknown`, `down`, `ready` or `disconnected`. */
    State: string;
    Message?: string;
    Addr?: string;
  };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

/** Body of `POST /secrets/create`. `Data` is the content in base64. */
export interface SecretSpec extends Annotations {
  Data?: string;
  Driver?: SwarmDriver | null;
  Templating?: SwarmDriver | null;
}

/** Body of `POST /configs/create`. `Data` is the content in base64. */
export interface ConfigSpec extends Annotations {
  Data?: string;
  Templating?: SwarmDriver | null;
}

/** `GET /secrets/{id}` (the engine never returns the data). */
export interface SwarmSecret {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: SecretSpec;
}

/** `GET /configs/{id}`. */
export interface SwarmConfig {
  ID: string;
  Version: ObjectVersion;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: ConfigSpec;
}

/** Answer of `POST /secrets/create` and `POST /configs/create`. */
export interface IdResponse {
  ID: string;
}

/** `GET /distribution/{name}/json`: what a registry says of an image. */
export interface DistributionInspect {
  Descriptor: { mediaType?: string; digest: string; size?: number };
  Platforms?: { architecture?: string; os?: string; variant?: string }[] | null;
}
