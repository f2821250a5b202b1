import { ttyFromContentType, type Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeAuth } from './images.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import { OutputStream } from './streams.js';
import type { AuthConfig } from './types/image.js';
import type {
  ServiceCreateResponse,
  ServiceSpec,
  ServiceUpdateResponse,
  SwarmService,
} from './types/swarm.js';

/** Options of {@link ServiceApi.create} and {@link ServiceApi.update}. */
export interface ServiceWriteOptions extends Abortable {
  /** Registry credentials the nodes use to pull the image (`X-Registry-Auth`). */
  readonly auth?: AuthConfig | undefined;
}

/** Options of the log calls of services and tasks. */
export interface SwarmLogsOptions extends Abortable {
  /** Lines from the end (`all` when absent). */
  readonly tail?: number | undefined;
  readonly timestamps?: boolean | undefined;
  readonly follow?: boolean | undefined;
  /**
   * The service's containers have a TTY (their output is one raw stream). Engines before API
   * 1.42 label every answer a raw stream, so the caller says. @default false
   */
  readonly tty?: boolean | undefined;
}

/** `/services/*` (a swarm manager only). */
export class ServiceApi {
  constructor(private readonly core: EngineCore) {}

  /**
   * `GET /services`. With `status`, each service carries `ServiceStatus` (running and desired
   * task counts, API >= 1.41).
   */
  list(options: Abortable & { filters?: Filters; status?: boolean } = {}): Promise<SwarmService[]> {
    return this.core.json('GET', '/services', {
      query: { filters: encodeFilters(options.filters), status: options.status },
      signal: options.signal,
    });
  }

  /** `GET /services/{id}` by ID or name. @throws {EngineError} 404 when missing */
  inspect(id: string, options: Abortable = {}): Promise<SwarmService> {
    return this.core.json('GET', `/services/${pathSegment(id)}`, {
      query: { insertDefaults: false },
      signal: options.signal,
    });
  }

  /** `POST /services/create`. @throws {EngineError} 409 when the name exists */
  create(spec: ServiceSpec, options: ServiceWriteOptions = {}): Promise<ServiceCreateResponse> {
    return this.core.json('POST', '/services/create', {
      json: spec,
      headers:
        options.auth === undefined ? undefined : { 'X-Registry-Auth': encodeAuth(options.auth) },
      signal: options.signal,
    });
  }

  /**
   * `POST /services/{id}/update`: replaces the whole spec. `version` is the service's
   * `Version.Index` as read; the engine refuses an update of a version that changed since.
   */
  update(
    id: string,
    version: number,
    spec: ServiceSpec,
    options: ServiceWriteOptions = {},
  ): Promise<ServiceUpdateResponse> {
    return this.core.json('POST', `/services/${pathSegment(id)}/update`, {
      query: { version },
      json: spec,
      headers:
        options.auth === undefined ? undefined : { 'X-Registry-Auth': encodeAuth(options.auth) },
      signal: options.signal,
    });
  }

  /** `DELETE /services/{id}`. @throws {EngineError} 404 when missing */
  async remove(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('DELETE', `/services/${pathSegment(id)}`, options);
  }

  /** `GET /services/{id}/logs`: the output of every task of the service (multiplexed). */
  async logs(id: string, options: SwarmLogsOptions = {}): Promise<OutputStream> {
    return swarmLogs(this.core, `/services/${pathSegment(id)}/logs`, options);
  }
}

/** Logs of a service or task, demultiplexed unless the containers have a TTY. */
export async function swarmLogs(
  core: EngineCore,
  path: string,
  options: SwarmLogsOptions,
): Promise<OutputStream> {
  const res = await core.stream('GET', path, {
    query: {
      stdout: true,
      stderr: true,
      follow: options.follow,
      timestamps: options.timestamps,
      tail: options.tail === undefined ? undefined : String(options.tail),
    },
    signal: options.signal,
  });
  const multiplexed = ttyFromContentType(res.headers['content-type']) === false;
  return new OutputStream(res, !multiplexed && options.tty === true);
}
