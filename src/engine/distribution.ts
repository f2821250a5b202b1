import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { encodeAuth } from './images.js';
import { pathSegment } from './query.js';
import type { AuthConfig } from './types/image.js';
import type { DistributionInspect } from './types/swarm.js';

/** `/distribution/*`: the engine asks an image's registry about it. */
export class DistributionApi {
  constructor(private readonly core: EngineCore) {}

  /**
   * `GET /distribution/{name}/json`: the digest of `name` in its registry and the platforms
   * it is built for. @throws {EngineError} when the registry cannot be reached or refuses
   */
  inspect(
    name: string,
    options: Abortable & { auth?: AuthConfig | undefined } = {},
  ): Promise<DistributionInspect> {
    return this.core.json('GET', `/distribution/${pathSegment(name)}/json`, {
      headers:
        options.auth === undefined ? undefined : { 'X-Registry-Auth': encodeAuth(options.auth) },
      signal: options.signal,
    });
  }
}
