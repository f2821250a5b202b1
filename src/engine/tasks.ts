import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import { swarmLogs, type SwarmLogsOptions } from './services.js';
import type { OutputStream } from './streams.js';
import type { SwarmTask } from './types/swarm.js';

/** `/tasks/*` (a swarm manager only). */
export class TaskApi {
  constructor(private readonly core: EngineCore) {}

  /**
   * `GET /tasks`, e.g. filtered by `label`, `service`, `node`, `desired-state`, or
   * `_up-to-date=true` (only the tasks of the service's current spec).
   */
  list(options: Abortable & { filters?: Filters } = {}): Promise<SwarmTask[]> {
    return this.core.json('GET', '/tasks', {
      query: { filters: encodeFilters(options.filters) },
      signal: options.signal,
    });
  }

  /** `GET /tasks/{id}`. @throws {EngineError} 404 when missing */
  inspect(id: string, options: Abortable = {}): Promise<SwarmTask> {
    return this.core.json('GET', `/tasks/${pathSegment(id)}`, options);
  }

  /** `GET /tasks/{id}/logs`: one task's output, fetched by the managers from its node. */
  logs(id: string, options: SwarmLogsOptions = {}): Promise<OutputStream> {
    return swarmLogs(this.core, `/tasks/${pathSegment(id)}/logs`, options);
  }
}
