// Engine API shapes for the system endpoints: version, info, events.

/** `GET /version`. */
export interface EngineVersion {
  Platform?: { Name: string };
  Components?: { Name: string; Version: string; Details?: Record<string, string> }[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  Experimental?: boolean;
  BuildTime?: string;
}

/** `GET /info` (the fields compose looks at). */
export interface EngineInfo {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DockerRootDir: string;
  Name: string;
  ServerVersion: string;
  OperatingSystem: string;
  OSType: string;
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  KernelVersion: string;
  /** The engine's clock when it answered (RFC 3339 with nanoseconds). */
  SystemTime?: string;
  CgroupDriver?: string;
  CgroupVersion?: string;
  DefaultRuntime: string;
  Runtimes?: Record<string, { path?: string }>;
  SecurityOptions: string[] | null;
  Labels: string[] | null;
  ExperimentalBuild: boolean;
  HttpProxy: string;
  HttpsProxy: string;
  NoProxy: string;
  IndexServerAddress: string;
  Swarm: {
    NodeID: string;
    NodeAddr: string;
    /** `inactive`, `pending`, `active`, `error` or `locked`. */
    LocalNodeState: string;
    ControlAvailable: boolean;
  };
  Warnings: string[] | null;
}

/** One message of `GET /events`. */
export interface EngineEvent {
  /** `container`, `image`, `network`, `volume`, `daemon`, ... */
  Type: string;
  /** `create`, `start`, `die`, `health_status: healthy`, `exec_start: sh`, ... */
  Action: string;
  Actor: {
    ID: string;
    /** Labels plus `name`, `image`, `exitCode`, ... */
    Attributes: Record<string, string> | null;
  };
  scope?: string;
  /** Unix seconds. */
  time: number;
  timeNano: number;
  /** Legacy fields (deprecated by the engine). */
  status?: string;
  id?: string;
  from?: string;
}
