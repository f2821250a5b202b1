// `build`: builds the images of the services that have a `build:` section.
import { ComposeError } from '../api/errors.js';
import type { BuildOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { selectServices } from './create.js';
import { buildKey, SharedBuilds } from './build-groups.js';
import { bakeServices, prepareBuilds, projectBake } from './buildkit-build.js';
import { HOW_TO_GET_BUILDX } from './buildx.js';
import { buildImage } from './images.js';
import { limitConcurrency } from './parallel.js';

/**
 * `build`: builds the named services' images (with their dependencies' when
 * `withDependencies`), at most `ctx.parallel` at once. With BuildKit, each batch of at most
 * `ctx.parallel` distinct builds is one `buildx bake` run; `print` gives the bake definition
 * instead of building.
 * @throws ComposeError `BUILD` naming the service and the failing step, or the field its
 *   builder cannot do (checked for every service before anything is built)
 */
export async function build(
  ctx: ComposeContext,
  project: Project,
  options: BuildOptions = {},
): Promise<void> {
  const named = options.services;
  const services = selectServices(
    project,
    named,
    named !== undefined && named.length > 0 && options.withDependencies !== true,
  ).filter((s) => project.services[s].build !== undefined);
  const builder = await prepareBuilds(ctx, project, services);
  if (builder.kind === 'classic' && (options.ssh?.length ?? 0) > 0) {
    throw new ComposeError(
      'USAGE',
      `build --ssh needs BuildKit, and ${builder.reason}: ${HOW_TO_GET_BUILDX}`,
    );
  }
  // Services with identical build sections share one build, tagged for each of them.
  const builds = new SharedBuilds(ctx, project, services);
  const common = {
    tagsOf: (s: Parameters<SharedBuilds['tagsOf']>[0]) => builds.tagsOf(s),
    noCache: options.noCache,
    pull: options.pull,
    args: options.args,
    ssh: options.ssh,
    quiet: options.quiet,
    signal: options.signal,
  };
  if (options.print !== undefined) {
    if (builder.kind !== 'bake') {
      throw new ComposeError(
        'USAGE',
        `build --print prints the bake definition, which needs BuildKit, and ${builder.reason}: ${HOW_TO_GET_BUILDX}`,
      );
    }
    const bake = projectBake(ctx, project, services, common);
    options.print(JSON.stringify(bake.definition, null, 2));
    return;
  }
  if (builder.kind === 'bake') {
    const seen = new Set<string>();
    const distinct = services.filter((s) => {
      const key = buildKey(project.services[s]) ?? s;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const size = ctx.parallel > 0 ? ctx.parallel : distinct.length;
    for (let i = 0; i < distinct.length; i += size) {
      await bakeServices(ctx, project, builder.buildx, distinct.slice(i, i + size), common);
    }
    return;
  }
  const limit = limitConcurrency(ctx.parallel);
  await Promise.all(
    services.map((s) =>
      builds.once(project.services[s], () =>
        limit(() =>
          buildImage(ctx, project, project.services[s], {
            signal: options.signal,
            noCache: options.noCache,
            pull: options.pull,
            args: options.args,
            quiet: options.quiet,
            alsoTag: builds.tagsOf(project.services[s]),
            builder,
          }),
        ),
      ),
    ),
  );
}
