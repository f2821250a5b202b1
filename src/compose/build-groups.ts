// Services whose build sections are identical build one image: it is built once and tagged with
// every such service's image name (and `build.tags`).
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import type { ComposeContext } from './context.js';
import { serviceImage } from './container-config.js';

/**
 * What makes two builds the same: the whole build section except its extra tags (context,
 * dockerfile, target, args, labels, network, ...), and the service's platform.
 */
export function buildKey(service: ServiceConfig): string | undefined {
  if (service.build === undefined) return undefined;
  const { tags: _tags, ...rest } = service.build;
  return JSON.stringify([rest, service.platform ?? null]);
}

/**
 * Shares the builds of services with the same {@link buildKey}: the first service that asks
 * builds, with the tags of all of them; the others get the same image ID.
 */
export class SharedBuilds {
  private readonly running = new Map<string, Promise<string>>();
  private readonly tagsByKey = new Map<string, string[]>();

  constructor(ctx: ComposeContext, project: Project, services: readonly string[]) {
    for (const name of services) {
      const service = project.services[name];
      const key = buildKey(service);
      if (key === undefined) continue;
      const tags = this.tagsByKey.get(key) ?? [];
      for (const t of [
        serviceImage(project, service, ctx.compatibility),
        ...(service.build?.tags ?? []),
      ]) {
        if (!tags.includes(t)) tags.push(t);
      }
      this.tagsByKey.set(key, tags);
    }
  }

  /** Every tag the build of `service` gets (its own first). */
  tagsOf(service: ServiceConfig): readonly string[] {
    const key = buildKey(service);
    return key === undefined ? [] : (this.tagsByKey.get(key) ?? []);
  }

  /** Runs `build` once per build key; later callers with the same key share its result. */
  once(service: ServiceConfig, build: () => Promise<string>): Promise<string> {
    const key = buildKey(service);
    if (key === undefined) return build();
    let p = this.running.get(key);
    if (p === undefined) {
      p = build();
      this.running.set(key, p);
    }
    return p;
  }
}
