import { ContainerApi, type Abortable, type EngineTime } from './containers.js';
import { compareVersions, EngineCore, type PingResult } from './core.js';
import { DistributionApi } from './distribution.js';
import { resolveEndpoint, type EndpointOptions, type EngineEndpoint } from './endpoint.js';
import { ExecApi } from './exec.js';
import { ImageApi } from './images.js';
import { NetworkApi } from './networks.js';
import { NodeApi } from './nodes.js';
import { encodeFilters, type Filters } from './query.js';
import { ServiceApi } from './services.js';
import { JsonStream } from './streams.js';
import { ConfigApi, SecretApi } from './swarm-objects.js';
import { TaskApi } from './tasks.js';
import { toEngineTime } from './timestamps.js';
import type { EngineEvent, EngineInfo, EngineVersion } from './types/system.js';
import { VolumeApi } from './volumes.js';

export interface EventsOptions extends Abortable {
  /** Replay events since this time (then keep following unless `until` is given). */
  readonly since?: EngineTime;
  /** Stop at this time (the stream then ends). */
  readonly until?: EngineTime;
  /** e.g. `{ type: ['container'], label: ['com.docker.compose.project=demo'] }`. */
  readonly filters?: Filters;
}

/**
 * A Docker Engine API client on `node:http`: no dependencies, a keep-alive connection pool,
 * API version negotiated once from `/_ping` (or `DOCKER_API_VERSION`) and every path prefixed
 * `/v1.xx`. Failures are {@link EngineError}s; every call takes an `AbortSignal`.
 *
 * @example
 * const engine = createEngineClient();
 * const { Id } = await engine.containers.create({ Image: 'busybox', Cmd: ['true'] });
 * await engine.containers.start(Id);
 */
export class EngineClient {
  readonly containers: ContainerApi;
  readonly exec: ExecApi;
  readonly images: ImageApi;
  readonly networks: NetworkApi;
  readonly volumes: VolumeApi;
  /** Swarm services (a manager only). */
  readonly services: ServiceApi;
  /** Swarm tasks (a manager only). */
  readonly tasks: TaskApi;
  /** Swarm nodes (a manager only). */
  readonly nodes: NodeApi;
  /** Swarm secrets (a manager only). */
  readonly secrets: SecretApi;
  /** Swarm configs (a manager only). */
  readonly configs: ConfigApi;
  /** Registry lookups made by the engine (image digests). */
  readonly distribution: DistributionApi;
  private readonly core: EngineCore;

  constructor(readonly endpoint: EngineEndpoint) {
    const core = new EngineCore(endpoint);
    this.core = core;
    this.containers = new ContainerApi(core);
    this.exec = new ExecApi(core);
    this.images = new ImageApi(core);
    this.networks = new NetworkApi(core);
    this.volumes = new VolumeApi(core);
    this.services = new ServiceApi(core);
    this.tasks = new TaskApi(core);
    this.nodes = new NodeApi(core);
    this.secrets = new SecretApi(core);
    this.configs = new ConfigApi(core);
    this.distribution = new DistributionApi(core);
  }

  /** The engine address, e.g. `unix:///var/run/docker.sock`. */
  get host(): string {
    return this.endpoint.host;
  }

  /** The negotiated API version, once a call has been made; see {@link negotiate}. */
  get apiVersion(): string | undefined {
    return this.core.apiVersion;
  }

  /** Negotiates (once) and returns the API version in use, e.g. `1.41`. */
  negotiate(options: Abortable = {}): Promise<string> {
    return this.core.negotiate(options.signal);
  }

  /**
   * True when the API version in use is at least `version`, for code paths that differ by
   * engine (e.g. several networks at create time needs 1.44).
   * @throws {Error} before the version is known; call {@link negotiate} first
   */
  supports(version: string): boolean {
    const current = this.core.apiVersion;
    if (current === undefined) throw new Error('API version not negotiated yet: call negotiate()');
    return compareVersions(current, version) >= 0;
  }

  /** `GET /_ping`: is the engine there, and which API version does it speak. */
  ping(options: Abortable = {}): Promise<PingResult> {
    return this.core.ping(options.signal);
  }

  /** `GET /version`. */
  version(options: Abortable = {}): Promise<EngineVersion> {
    return this.core.json('GET', '/version', options);
  }

  /** `GET /info`. */
  info(options: Abortable = {}): Promise<EngineInfo> {
    return this.core.json('GET', '/info', options);
  }

  /** `GET /events`: a stream of engine events; it follows forever unless `until` is set. */
  async events(options: EventsOptions = {}): Promise<JsonStream<EngineEvent>> {
    const res = await this.core.stream('GET', '/events', {
      query: {
        since: options.since === undefined ? undefined : toEngineTime(options.since),
        until: options.until === undefined ? undefined : toEngineTime(options.until),
        filters: encodeFilters(options.filters),
      },
      signal: options.signal,
    });
    return new JsonStream<EngineEvent>(
      res,
      undefined,
      (line, cause) =>
        this.core.error(`malformed event: ${line.slice(0, 200)}`, res, 'GET', '/events', cause),
      this.core.lost('GET', '/events'),
    );
  }

  /** Closes idle pooled connections (they never keep the process alive anyway). */
  close(): void {
    this.core.close();
  }
}

/**
 * Creates a client for the engine the environment points at (`DOCKER_HOST`, contexts, TLS;
 * see {@link resolveEndpoint}). Does not connect until the first call.
 * @throws {EngineError} with code `ECONFIG` for a bad host, context or config file
 */
export function createEngineClient(options: EndpointOptions = {}): EngineClient {
  return new EngineClient(resolveEndpoint(options));
}
