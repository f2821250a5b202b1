// `build`: builds the images of the services that have a `build:` section.
import { ComposeError } from '../api/errors.js';
import type { BuildOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { selectServices } from './create.js';
import { SharedBuilds } from './build-groups.js';
import { bakeInBatches, prepareBuilds, projectBake } from './buildkit-build.js';
import { HOW_TO_GET_BUILDX, type BuilderChoice } from './buildx.js';
import { buildImage } from './images.js';
import { limitConcurrency } from './parallel.js';
import { pushedRefs, pushImage } from './push.js';

/**
 * `build`: builds the named services' images (with their dependencies' when
 * `withDependencies`), at most `ctx.parallel` at once. With BuildKit, each batch of at most
 * `ctx.parallel` distinct builds is one `buildx bake` run; `print` gives the bake definition
 * instead of building. `push` then pushes the images of the built services that have an
 * `image:` name.
 * @throws ComposeError `BUILD` naming the service and the failing step, or the field its
 *   builder cannot do (checked for every service before anything is built); `USAGE` for a
 *   BuildKit-only option without BuildKit, or a builder buildx does not know
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
  const builder = await prepareBuilds(ctx, project, services, options.builder);
  checkBuilderOptions(ctx, builder, options);
  // Services with identical build sections share one build, tagged for each of them.
  const builds = new SharedBuilds(ctx, project, services);
  const common = {
    tagsOf: (s: Parameters<SharedBuilds['tagsOf']>[0]) => builds.tagsOf(s),
    noCache: options.noCache,
    pull: options.pull,
    args: options.args,
    ssh: options.ssh,
    push: options.push,
    sbom: options.sbom,
    provenance: options.provenance,
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
    await bakeInBatches(ctx, project, builder, services, common);
    if (options.push === true) await pushBuilt(ctx, project, services, options.signal);
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
            memory: options.memory,
          }),
        ),
      ),
    ),
  );
  if (options.push === true) await pushBuilt(ctx, project, services, options.signal);
}

/**
 * The options only BuildKit honours fail without it; `--memory` only the classic builder
 * honours: ignored with a warning, as docker compose does.
 * @throws ComposeError `USAGE` naming the options and how to get BuildKit
 */
function checkBuilderOptions(
  ctx: ComposeContext,
  builder: BuilderChoice,
  options: BuildOptions,
): void {
  if (builder.kind === 'classic') {
    const needs = [
      (options.ssh?.length ?? 0) > 0 ? '--ssh' : '',
      options.sbom !== undefined ? '--sbom' : '',
      options.provenance !== undefined ? '--provenance' : '',
      options.builder !== undefined ? '--builder' : '',
    ].filter((f) => f !== '');
    if (needs.length > 0) {
      throw new ComposeError(
        'USAGE',
        `build ${needs.join(', ')} needs BuildKit, and ${builder.reason}: ${HOW_TO_GET_BUILDX}`,
      );
    }
  } else if (options.memory !== undefined && options.memory !== 0) {
    ctx.warn('--memory is not supported by BuildKit and will be ignored');
  }
}

/**
 * `build --push`: pushes the images of the built services that have an `image:` name, with
 * their `build.tags` (a multi-platform image was pushed by bake itself: it is not in the engine).
 */
async function pushBuilt(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const refs = new Set<string>();
  for (const name of services) {
    const service = project.services[name];
    if (service.image === undefined || service.image === '') continue;
    if ((service.build?.platforms?.length ?? 0) > 1) continue;
    for (const ref of pushedRefs(project, service, ctx.compatibility)) refs.add(ref);
  }
  const limit = limitConcurrency(ctx.parallel);
  await Promise.all([...refs].map((ref) => limit(() => pushImage(ctx, ref, signal))));
}
