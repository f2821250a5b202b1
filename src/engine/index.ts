// The engine layer's surface: the Docker Engine API client, its errors, stream helpers and the
// request/response shapes. Other layers import from here only.
export { EngineClient, createEngineClient, type EventsOptions } from './client.js';
export {
  ContainerApi,
  ttyFromContentType,
  type Abortable,
  type ArchiveOptions,
  type CommitOptions,
  type ContainerAttachOptions,
  type ContainerCreateOptions,
  type ContainerListOptions,
  type ContainerLogsOptions,
  type ContainerRemoveOptions,
  type ContainerStopOptions,
  type ContainerWaitOptions,
  type EngineTime,
  type PendingWait,
} from './containers.js';
export {
  CONNECTION_LOST,
  connectionLost,
  isConnectionLost,
  type LostConnection,
} from './connection-lost.js';
export { DistributionApi } from './distribution.js';
export { CLIENT_MAX_API_VERSION, compareVersions, type PingResult } from './core.js';
export { DEFAULT_DOCKER_HOST, parseDockerHost, type EngineAddress } from './docker-host.js';
export {
  resolveEndpoint,
  type EndpointOptions,
  type EngineEndpoint,
  type EngineTls,
} from './endpoint.js';
export { EngineError, isAbortError, isEngineError } from './errors.js';
export { ExecApi, type ExecStartOptions } from './exec.js';
export { FrameDemuxer, type StreamChunk } from './frames.js';
export {
  ImageApi,
  STREAM_ERROR,
  encodeAuth,
  splitReference,
  type ImageBuildOptions,
  type ImagePullOptions,
} from './images.js';
export { JsonLineSplitter } from './json-lines.js';
export { NetworkApi } from './networks.js';
export { NodeApi } from './nodes.js';
export type { Filters } from './query.js';
export { ServiceApi, type ServiceWriteOptions, type SwarmLogsOptions } from './services.js';
export { ConfigApi, SecretApi } from './swarm-objects.js';
export { TaskApi } from './tasks.js';
export { HijackedStream, JsonStream, OutputStream, collectOutput } from './streams.js';
export { parseDuration, toEngineTime } from './timestamps.js';
export { VolumeApi } from './volumes.js';
export type * from './types/container-config.js';
export type * from './types/container.js';
export type * from './types/exec.js';
export type * from './types/image.js';
export type * from './types/network.js';
export type * from './types/swarm.js';
export type * from './types/system.js';
export type * from './types/volume.js';
