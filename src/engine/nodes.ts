import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import type { SwarmNode } from './types/swarm.js';

/** `/nodes/*` (a swarm manager only). */
export class NodeApi {
  constructor(private readonly core: EngineCore) {}

  /** `GET /nodes`. */
  list(options: Abortable & { filters?: Filters } = {}): Promise<SwarmNode[]> {
    return this.core.json('GET', '/nodes', {
      query: { filters: encodeFilters(options.filters) },
      signal: options.signal,
    });
  }

  /** `GET /nodes/{id}` by ID or hostname. @throws {EngineError} 404 when missing */
  inspect(id: string, options: Abortable = {}): Promise<SwarmNode> {
    return this.core.json('GET', `/nodes/${pathSegment(id)}`, options);
  }
}
