import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import type { Volume, VolumeCreateBody, VolumeList } from './types/volume.js';

/** `/volumes/*`. */
export class VolumeApi {
  constructor(private readonly core: EngineCore) {}

  /** `GET /volumes`; `Volumes` and `Warnings` are arrays even when the engine sends null. */
  async list(options: Abortable & { filters?: Filters } = {}): Promise<VolumeList> {
    const raw = await this.core.json<{ Volumes: Volume[] | null; Warnings: string[] | null }>(
      'GET',
      '/volumes',
      { query: { filters: encodeFilters(options.filters) }, signal: options.signal },
    );
    return { Volumes: raw.Volumes ?? [], Warnings: raw.Warnings ?? [] };
  }

  /** `GET /volumes/{name}`. @throws {EngineError} 404 when missing */
  inspect(name: string, options: Abortable = {}): Promise<Volume> {
    return this.core.json('GET', `/volumes/${pathSegment(name)}`, options);
  }

  /** `POST /volumes/create`; creating an existing local volume returns it unchanged. */
  create(body: VolumeCreateBody = {}, options: Abortable = {}): Promise<Volume> {
    return this.core.json('POST', '/volumes/create', { json: body, signal: options.signal });
  }

  /** `DELETE /volumes/{name}`. @throws {EngineError} 409 while in use, 404 when missing */
  async remove(name: string, options: Abortable & { force?: boolean } = {}): Promise<void> {
    await this.core.empty('DELETE', `/volumes/${pathSegment(name)}`, {
      query: { force: options.force },
      signal: options.signal,
    });
  }
}
