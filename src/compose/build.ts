// `build`: builds the images of the services that have a `build:` section.
import type { BuildOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { selectServices } from './create.js';
import { SharedBuilds } from './build-groups.js';
import { buildImage } from './images.js';
import { limitConcurrency } from './parallel.js';

/**
 * `build`: builds the named services' images (with their dependencies' when
 * `withDependencies`), at most `ctx.parallel` at once.
 * @throws ComposeError `BUILD` naming the service and the failing step
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
  const limit = limitConcurrency(ctx.parallel);
  // Services with identical build sections share one build, tagged for each of them.
  const builds = new SharedBuilds(ctx, project, services);
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
          }),
        ),
      ),
    ),
  );
}
