// `pull`: pulls the images of the project's services.
import type { PullOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import { serviceImage } from './container-config.js';
import type { ComposeContext } from './context.js';
import { selectServices } from './create.js';
import { localImages, pullImage } from './images.js';
import { limitConcurrency } from './parallel.js';

/**
 * `pull`: pulls the images of the named services (and their dependencies with `includeDeps`).
 * Services that only build are skipped; with `ignoreBuildable`, so are services that can build.
 * `policy: 'missing'` pulls only absent images.
 * @throws ComposeError `REGISTRY` naming the image, unless `ignorePullFailures`
 */
export async function pull(
  ctx: ComposeContext,
  project: Project,
  options: PullOptions = {},
): Promise<void> {
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
    services.filter((s) => s.build !== undefined).map((s) => serviceImage(project, s)),
  );
  await Promise.all(
    refs.map((ref) =>
      limit(() => pullImage(ctx, ref, options.signal)).catch((err: unknown) => {
        if (options.ignorePullFailures === true || buildable.has(ref)) return;
        throw err;
      }),
    ),
  );
}
