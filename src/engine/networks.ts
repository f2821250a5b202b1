import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import type {
  NetworkConnectBody,
  NetworkCreateBody,
  NetworkCreateResponse,
  NetworkDisconnectBody,
  NetworkInspect,
} from './types/network.js';

/** `/networks/*`. */
export class NetworkApi {
  constructor(private readonly core: EngineCore) {}

  /** `GET /networks` (the items carry no `Containers`; inspect for those). */
  list(options: Abortable & { filters?: Filters } = {}): Promise<NetworkInspect[]> {
    return this.core.json('GET', '/networks', {
      query: { filters: encodeFilters(options.filters) },
      signal: options.signal,
    });
  }

  /** `GET /networks/{id}` by ID or name. @throws {EngineError} 404 when missing */
  inspect(
    id: string,
    options: Abortable & { verbose?: boolean; scope?: string } = {},
  ): Promise<NetworkInspect> {
    return this.core.json('GET', `/networks/${pathSegment(id)}`, {
      query: { verbose: options.verbose, scope: options.scope },
      signal: options.signal,
    });
  }

  /** `POST /networks/create`. @throws {EngineError} 409 when the name exists (CheckDuplicate) */
  create(body: NetworkCreateBody, options: Abortable = {}): Promise<NetworkCreateResponse> {
    return this.core.json('POST', '/networks/create', { json: body, signal: options.signal });
  }

  /** `DELETE /networks/{id}`. @throws {EngineError} 403/409 while containers use it, 404 missing */
  async remove(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('DELETE', `/networks/${pathSegment(id)}`, options);
  }

  /** Connects a container to a network, with its endpoint settings (aliases, addresses). */
  async connect(id: string, body: NetworkConnectBody, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/networks/${pathSegment(id)}/connect`, {
      json: body,
      signal: options.signal,
    });
  }

  /** Disconnects a container from a network. */
  async disconnect(
    id: string,
    body: NetworkDisconnectBody,
    options: Abortable = {},
  ): Promise<void> {
    await this.core.empty('POST', `/networks/${pathSegment(id)}/disconnect`, {
      json: body,
      signal: options.signal,
    });
  }
}
