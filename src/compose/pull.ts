// `pull`: pulls the images of the project's services.
import type { PullOptions } from '../api/compose.js';
import { discardEvents } from '../api/events.js';
import type { Project } from '../model/project.js';
import { serviceImage } from './container-config.js';
import type { ComposeContext } from './context.js';
import { selectServices } from './create.js';
import { localImages, pullImage } from './images.js';
import { limitConcurrency } from './parallel.js';

/**
 * `pull`: pulls the images of the named services (and their dependencies with `includeDeps`),
 * at most `ctx.parallel` at a time, with the registry credentials of `config.json`. Services
 * that only build are skipped; with `ignoreBuildable`, so are services that can build.
 * `policy: 'missing'` pulls only absent images. A failed pull of an image a service can build
 * is a warning, as is every failure with `ignorePullFailures`; the other pulls run to the end
 * before the first failure is thrown.
 * @throws ComposeError `REGISTRY` naming the image and the registry, unless `ignorePullFailures`
 */
export async function pull(
  verbCtx: ComposeContext,
  project: Project,
  options: PullOptions = {},
): Promise<void> {
  // -q: no progress at all; warnings and the error still reach the caller.
  const ctx = options.quiet === true ? { ...verbCtx, events: discardEvents } : verbCtx;
  const named = options.services;
  const services = selectServices(
    project,
    named,
    named !== undefined && named.length > 0 && options.includeDeps !== true,
  )
    .map((s) => project.services[s])
    .filter((s) => s.image !== undefined && s.image !== '')
    .filter((s) => !(options.ignoreBuildable === true && s.build !== undefined))
    .filter((s) => s.pullPolicy !== 'never' && s.pullPolicy !== 'build');
  let refs = [...new Set(services.map((s) => serviceImage(project, s, ctx.compatibility)))];
  if (options.policy === 'missing') {
    const local = await localImages(ctx, refs, options.signal);
    refs = refs.filter((r) => !local.has(r));
  }
  const limit = limitConcurrency(ctx.parallel);
  const buildable = new Set(
    services
      .filter((s) => s.build !== undefined)
      .map((s) => serviceImage(project, s, ctx.compatibility)),
  );
  const results = await Promise.allSettled(
    refs.map((ref) =>
      limit(() => pullImage(ctx, ref, options.signal)).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (buildable.has(ref)) {
          ctx.warn(`${message} (the image can be built instead)`);
          return '';
        }
        if (options.ignorePullFailures === true) {
          ctx.warn(message);
          return '';
        }
        throw err;
      }),
    ),
  );
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
