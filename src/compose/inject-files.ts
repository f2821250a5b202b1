// Secrets and configs that have no file on the host (content from the environment or inline
// text) reach a container as files copied in before its first start: by `start`/`up` for the
// service's containers and by `run` for a one-off container.
import { tarArchive } from '../build/tar-writer.js';
import type { Project } from '../model/project.js';
import type { FileReference } from '../model/service-parts.js';
import type { ServiceConfig } from '../model/service.js';
import { fileReferenceTarget } from './container-config.js';
import type { ComposeContext } from './context.js';

/**
 * Secrets and configs whose content comes from the environment or inline text: copied into the
 * container as a tar before it starts (file-based ones are bind mounts).
 */
export async function injectFiles(
  ctx: ComposeContext,
  project: Project,
  service: ServiceConfig,
  id: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const entries: Parameters<typeof tarArchive>[0][number][] = [];
  const add = (refs: readonly FileReference[] | undefined, kind: 'secret' | 'config'): void => {
    const defs = kind === 'secret' ? project.secrets : project.configs;
    for (const ref of refs ?? []) {
      const def = Object.hasOwn(defs, ref.source) ? defs[ref.source] : undefined;
      if (def === undefined || def.file !== undefined || def.external === true) continue;
      const content =
        def.content ??
        (def.environment === undefined ? undefined : project.environment[def.environment]);
      if (content === undefined) continue;
      entries.push({
        name: fileReferenceTarget(ref, kind).replace(/^\/+/, ''),
        type: 'file',
        mode: ref.mode ?? 0o444,
        uid: ref.uid === undefined ? 0 : Number(ref.uid),
        gid: ref.gid === undefined ? 0 : Number(ref.gid),
        content,
      });
    }
  };
  add(service.secrets, 'secret');
  add(service.configs, 'config');
  if (entries.length === 0) return;
  await ctx.engine.containers.putArchive(id, '/', tarArchive(entries), { signal });
}
