// Engine API shapes for observing containers: list, inspect, wait, top, stats, archive stat.
import type { ContainerConfig, HostConfig, PortMap } from './container-config.js';
import type { EndpointSettings } from './network.js';

/** `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`. */
export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** A published or exposed port as `GET /containers/json` lists it. */
export interface ContainerPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/** A mount as the engine reports it on a container. */
export interface MountPoint {
  Type: string;
  /** Volume name for `volume` mounts. */
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** One item of `GET /containers/json`. */
export interface ContainerSummary {
  Id: string;
  /** With a leading `/`, e.g. `/demo-web-1`. */
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  /** Unix seconds. */
  Created: number;
  Ports: ContainerPort[];
  SizeRw?: number;
  SizeRootFs?: number;
  Labels: Record<string, string> | null;
  State: ContainerStatus;
  /** Human text such as `Up 3 seconds (healthy)`. */
  Status: string;
  HostConfig: { NetworkMode: string; Annotations?: Record<string, string> };
  NetworkSettings: { Networks: Record<string, EndpointSettings> | null };
  Mounts: MountPoint[];
}

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  /** Present when the container has a healthcheck. */
  Health?: {
    /** `starting`, `healthy` or `unhealthy`. */
    Status: string;
    FailingStreak: number;
    Log: HealthLogEntry[] | null;
  };
}

/** `GET /containers/{id}/json`. */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  /** With a leading `/`. */
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfig;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts: MountPoint[];
  Config: ContainerConfig;
  NetworkSettings: {
    Bridge: string;
    SandboxID: string;
    SandboxKey: string;
    Ports: PortMap | null;
    Networks: Record<string, EndpointSettings> | null;
    IPAddress?: string;
    Gateway?: string;
    MacAddress?: string;
  };
}

/** Answer of `POST /containers/{id}/wait`. */
export interface ContainerWaitResponse {
  StatusCode: number;
  Error?: { Message: string } | null;
}

/** Answer of `GET /containers/{id}/top`. */
export interface ContainerTop {
  Titles: string[];
  Processes: string[][];
}

export interface CpuUsage {
  total_usage: number;
  percpu_usage?: number[];
  usage_in_kernelmode: number;
  usage_in_usermode: number;
}

export interface CpuStats {
  cpu_usage: CpuUsage;
  system_cpu_usage?: number;
  online_cpus?: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export interface BlkioEntry {
  major: number;
  minor: number;
  op: string;
  value: number;
}

/** One sample of `GET /containers/{id}/stats` (snake_case, as the engine sends it). */
export interface ContainerStats {
  name: string;
  id: string;
  read: string;
  preread: string;
  pids_stats: { current?: number; limit?: number };
  blkio_stats: { io_service_bytes_recursive: BlkioEntry[] | null };
  num_procs: number;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: {
    usage?: number;
    max_usage?: number;
    limit?: number;
    stats?: Record<string, number>;
  };
  networks?: Record<
    string,
    { rx_bytes: number; tx_bytes: number; rx_packets: number; tx_packets: number }
  >;
}

/** What `HEAD /containers/{id}/archive` says about a path (the `X-Docker-Container-Path-Stat` header). */
export interface PathStat {
  name: string;
  size: number;
  /** Go `os.FileMode` bits: permission bits plus type flags (directory = 1 << 31). */
  mode: number;
  mtime: string;
  linkTarget: string;
}
