// `push`: pushes the images of the project's services that build an image with a name.
import type { PushOptions } from '../api/compose.js';
import { discardEvents } from '../api/events.js';
import { splitReference } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { serviceImage } from './container-config.js';
import type { ComposeContext } from './context.js';
import { selectServices } from './create.js';
import { emit } from './emit.js';
import { reportLayer } from './images.js';
import { limitConcurrency } from './parallel.js';
import { registryOf, resolveRegistryAuth, type RegistryAuth } from './registry-auth.js';
import { registryError } from './registry-error.js';

/**
 * `push`: pushes `image` (and `build.tags`) of the named services (and their dependencies with
 * `includeDeps`) that have both `build` and `image`, as docker compose does; the others are
 * reported `Skipped`. Pushes run at most `ctx.parallel` at a time with the registry credentials
 * of `config.json`, each image reporting its layers; with `ignorePushFailures` a failure is a
 * warning, otherwise every push runs to its end and the first failure is thrown.
 * @throws ComposeError `REGISTRY` naming the image and the registry
 */
export async function push(
  verbCtx: ComposeContext,
  project: Project,
  options: PushOptions = {},
): Promise<void> {
  const ctx = options.quiet === true ? { ...verbCtx, events: discardEvents } : verbCtx;
  const named = options.services;
  const selected = selectServices(
    project,
    named,
    named !== undefined && named.length > 0 && options.includeDeps !== true,
  ).map((s) => project.services[s]);
  const refs = new Set<string>();
  for (const service of selected) {
    if (service.build === undefined || service.image === undefined || service.image === '') {
      emit(ctx, 'service', service.name, 'Skipped', 'done', 'no image to push');
      continue;
    }
    for (const ref of pushedRefs(project, service, ctx.compatibility)) refs.add(ref);
  }
  const limit = limitConcurrency(ctx.parallel);
  const results = await Promise.allSettled(
    [...refs].map((ref) =>
      limit(() => pushImage(ctx, ref, options.signal)).catch((err: unknown) => {
        if (options.ignorePushFailures !== true) throw err;
        ctx.warn(err instanceof Error ? err.message : String(err));
      }),
    ),
  );
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}

/**
 * Pushes one local image to its registry, reporting `Image <ref>` Pushing/Pushed and the
 * progress of each layer.
 * @throws ComposeError `REGISTRY` naming the image and the registry
 */
export async function pushImage(
  ctx: ComposeContext,
  reference: string,
  signal?: AbortSignal,
): Promise<void> {
  const registry = registryOf(reference);
  const { repository, tag } = splitReference(reference);
  emit(ctx, 'image', reference, 'Pushing', 'working');
  let credentials: RegistryAuth = { source: 'no credentials' };
  try {
    credentials = await resolveRegistryAuth(registry);
    if (credentials.warning !== undefined) ctx.warn(credentials.warning);
    const stream = await ctx.engine.images.push(repository, {
      tag,
      auth: credentials.auth,
      signal,
    });
    for await (const message of stream) reportLayer(ctx, `Image ${reference}`, message);
    emit(ctx, 'image', reference, 'Pushed');
  } catch (err) {
    const failure = registryError('push', reference, registry, credentials, err);
    emit(
      ctx,
      'image',
      reference,
      'Error',
      'error',
      failure instanceof Error ? failure.message : String(failure),
    );
    throw failure;
  }
}

/** The references a service's image is pushed under: its image name and its `build.tags`. */
export function pushedRefs(
  project: Project,
  service: ServiceConfig,
  compatibility: boolean,
): string[] {
  return [serviceImage(project, service, compatibility), ...(service.build?.tags ?? [])];
}
