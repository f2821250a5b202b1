import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import type {
  ConfigSpec,
  IdResponse,
  SecretSpec,
  SwarmConfig,
  SwarmSecret,
} from './types/swarm.js';

/**
 * The calls secrets and configs share: both are immutable named blobs stored by the managers
 * (only their labels may change), under `/secrets` or `/configs`.
 */
class SwarmObjectApi<Spec extends SecretSpec | ConfigSpec, Item> {
  constructor(
    private readonly core: EngineCore,
    private readonly base: '/secrets' | '/configs',
  ) {}

  /** `GET /secrets` or `/configs`, e.g. filtered by `label` or `name`. */
  list(options: Abortable & { filters?: Filters } = {}): Promise<Item[]> {
    return this.core.json('GET', this.base, {
      query: { filters: encodeFilters(options.filters) },
      signal: options.signal,
    });
  }

  /** `GET /{secrets|configs}/{id}` by ID or name. @throws {EngineError} 404 when missing */
  inspect(id: string, options: Abortable = {}): Promise<Item> {
    return this.core.json('GET', `${this.base}/${pathSegment(id)}`, options);
  }

  /** `POST /{secrets|configs}/create`. @throws {EngineError} 409 when the name exists */
  create(spec: Spec, options: Abortable = {}): Promise<IdResponse> {
    return this.core.json('POST', `${this.base}/create`, { json: spec, signal: options.signal });
  }

  /** `DELETE /{secrets|configs}/{id}`. @throws {EngineError} 400 while a service uses it */
  async remove(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('DELETE', `${this.base}/${pathSegment(id)}`, options);
  }
}

/** `/secrets/*` (a swarm manager only; the engine never returns a secret's data). */
export class SecretApi extends SwarmObjectApi<SecretSpec, SwarmSecret> {
  constructor(core: EngineCore) {
    super(core, '/secrets');
  }
}

/** `/configs/*` (a swarm manager only). */
export class ConfigApi extends SwarmObjectApi<ConfigSpec, SwarmConfig> {
  constructor(core: EngineCore) {
    super(core, '/configs');
  }
}
