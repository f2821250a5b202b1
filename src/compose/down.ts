// `down`: stop and remove the project's containers, then its networks, and on request its
// volumes and images. External resources are never touched.
import type { DownOptions } from '../api/compose.js';
import {
  isEngineError,
  type ContainerSummary as EngineContainer,
  type NetworkInspect,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { LABEL, labelFilter } from './labels.js';
import { normaliseReference } from './images.js';
import { defaultImageName, nameSeparator } from './naming.js';
import { removeNetwork, type NetworkRef } from './network-removal.js';
import {
  byService,
  checkServices,
  containerNameOf,
  emitEvent,
  isOneoff,
  listProjectContainers,
  listProjectNetworks,
  labelledProject,
  labelledServices,
  type LabelledProject,
  serviceOf,
  withDependents,
} from './project-containers.js';
import { inDependencyOrder } from './parallel.js';
import { releaseSlots, retryTransient, stopInWaves } from './stop-waves.js';
import { errorText } from './stop.js';

/**
 * Stops and removes the project's containers (dependents first, each service's containers in
 * parallel), then removes the project's networks, and with `volumes` its named volumes (and the
 * containers' anonymous ones), with `rmi` its images. Given a project name instead of a
 * project, works from the labels of what exists: a named service without containers is skipped,
 * and when no named service is left nothing is removed. A network still in use is reported as a
 * warning (`Resource is still in use`), not an error.
 * @throws {ComposeError} `USAGE` for an unknown service of a loaded project; engine failures
 */
export async function down(
  ctx: ComposeContext,
  projectOrName: Project | string,
  options: DownOptions = {},
): Promise<void> {
  const fileless = typeof projectOrName === 'string';
  // Without a file, the lists the project is rebuilt from are the ones to remove.
  const labelled = fileless
    ? await labelledProject(ctx.engine, projectOrName, { signal: options.signal })
    : undefined;
  const project = labelled?.project ?? (projectOrName as Project);
  let named = options.services ?? [];
  if (fileless) {
    const kept = labelledServices(project, named);
    if (kept.notRunning !== undefined) {
      ctx.info?.(kept.notRunning);
      return;
    }
    named = kept.named;
  } else checkServices(project, named);

  // The project's networks are listed together with its containers, not after their removal:
  // the list only finds the networks, whose removal still waits for the containers to be gone.
  const networksListed =
    labelled === undefined
      ? networksToRemove(ctx, project, options.signal)
      : Promise.resolve(byName(labelled.networks));
  networksListed.catch(() => undefined);
  const containers =
    labelled === undefined
      ? await listProjectContainers(ctx.engine, project.name, {
          all: true,
          oneoff: options.removeOrphans === true ? 'include' : 'exclude',
          signal: options.signal,
        })
      : labelled.containers.filter((c) => options.removeOrphans === true || !isOneoff(c));
  // The containers removed: the engine may still count their endpoints on the networks a while.
  const removed = new Set<string>();
  let work = await removeServiceContainers(ctx, project, named, containers, options, removed);
  if (options.removeOrphans === true) {
    const known = new Set([
      ...Object.keys(project.services),
      ...Object.keys(project.disabledServices),
    ]);
    const orphans = containers.filter((c) =>
      isOneoff(c) ? c.State === 'exited' || c.State === 'dead' : !known.has(serviceOf(c)),
    );
    work += orphans.length;
    await removeContainers(ctx, orphans, removalOptions(options, removed));
  }
  const networks = await networksListed;
  // A loaded project always counts its networks, so a second `down` stays silent.
  work += fileless
    ? networks.length
    : Object.values(project.networks).filter((n) => n.external !== true).length;
  work += await removeResources(ctx, project, networks, labelled, options, removed);
  if (work === 0) ctx.warn(`Warning: No resource found to remove for project "${project.name}".`);
}

function removalOptions(
  options: DownOptions,
  removed: Set<string>,
): Parameters<typeof removeContainers>[2] {
  return { volumes: options.volumes, timeout: options.timeout, signal: options.signal, removed };
}

/**
 * Removes the containers of the named services and of their dependents (of every service when
 * none is named), dependents first.
 * @returns how many containers there were
 */
async function removeServiceContainers(
  ctx: ComposeContext,
  project: Project,
  named: readonly string[],
  containers: readonly EngineContainer[],
  options: DownOptions,
  removed: Set<string>,
): Promise<number> {
  const selected =
    named.length > 0 ? withDependents(project, named) : Object.keys(project.services);
  const groups = byService(containers);
  let work = 0;
  await inDependencyOrder(
    project,
    [...selected].sort(),
    async (service) => {
      const group = groups.get(service) ?? [];
      work += group.length;
      await removeContainers(ctx, group, removalOptions(options, removed));
    },
    'dependents-first',
  );
  return work;
}

/**
 * Removes `networks`, and the volumes (`volumes`) and images (`rmi`) of the project, in
 * parallel; the first failure is thrown once all are done.
 * @returns how many volumes and images there were
 */
async function removeResources(
  ctx: ComposeContext,
  project: Project,
  networks: readonly NetworkRef[],
  labelled: LabelledProject | undefined,
  options: DownOptions,
  removed: ReadonlySet<string>,
): Promise<number> {
  let work = 0;
  const tasks: Promise<void>[] = [];
  for (const n of networks) tasks.push(removeNetwork(ctx, n, { removed, signal: options.signal }));
  if (options.volumes === true) {
    const volumes =
      labelled === undefined
        ? volumesToRemove(project)
        : labelled.volumes.map((v) => v.Name).sort();
    work += volumes.length;
    for (const v of volumes) tasks.push(removeVolume(ctx, v, options.signal));
  }
  if (options.rmi !== undefined) {
    const images = await imagesToRemove(
      ctx,
      project,
      options.rmi,
      options.removeOrphans === true,
      options.signal,
    );
    work += images.length;
    for (const i of images) tasks.push(removeImage(ctx, i, options.signal));
  }
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return work;
}

/**
 * Stops then force-removes containers: those stopped are all signalled at once, and killed and
 * removed in waves ({@link stopInWaves}); the others are removed (killed if running) in waves
 * too. `stopFirst`: every container (the default), only those running, restarting or paused
 * (`active`, as a scale-down does), or none. A container already gone counts as removed.
 */
export async function removeContainers(
  ctx: ComposeContext,
  containers: readonly EngineContainer[],
  options: {
    volumes?: boolean | undefined;
    timeout?: number | undefined;
    signal?: AbortSignal | undefined;
    stopFirst?: boolean | 'active';
    /** Receives the ID of every container removed (or found gone). */
    removed?: Set<string> | undefined;
  },
): Promise<void> {
  const remove = async (c: EngineContainer): Promise<void> => {
    const name = containerNameOf(c);
    emitEvent(ctx, 'container', name, 'working', 'Removing');
    try {
      await retryTransient(
        () =>
          ctx.engine.containers.remove(c.Id, {
            force: true,
            volumes: options.volumes === true,
            signal: options.signal,
          }),
        options.signal,
      );
      if (options.volumes === true) await removeAnonymousVolumes(ctx, c, options.signal);
    } catch (err) {
      if (!isEngineError(err, 404)) {
        emitEvent(ctx, 'container', name, 'error', 'Error', errorText(err));
        throw err;
      }
    }
    options.removed?.add(c.Id);
    emitEvent(ctx, 'container', name, 'done', 'Removed');
  };
  const stops = (c: EngineContainer): boolean =>
    options.stopFirst === 'active'
      ? c.State === 'running' || c.State === 'restarting' || c.State === 'paused'
      : options.stopFirst !== false;
  const stopped = containers.filter(stops);
  const direct = containers.filter((c) => !stops(c));
  // The context's slots, for both and for every other call (down runs one per service, all
  // independent services at once): at most STOP_WAVE endpoints are released at once.
  const wave = releaseSlots(ctx);
  const results = (
    await Promise.all([
      stopInWaves(ctx, stopped, options, remove),
      Promise.allSettled(direct.map((c) => wave(() => remove(c)))),
    ])
  ).flat();
  const order = [...stopped, ...direct];
  const failures: unknown[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    const c = order[i];
    if (isEngineError(r.reason, 404)) {
      options.removed?.add(c.Id);
      emitEvent(ctx, 'container', containerNameOf(c), 'done', 'Removed');
    } else failures.push(r.reason);
  });
  if (failures.length > 0) throw failures[0] as Error;
}

/**
 * Removes the anonymous volumes a removed container had. The engine removes them itself with
 * the container, except those it was given by name: a recreated container carries its
 * predecessor's anonymous volumes over that way, and Engine 20.10 then keeps them as if they
 * were named. A volume still used by another container, or already gone, is left alone.
 */
async function removeAnonymousVolumes(
  ctx: ComposeContext,
  container: EngineContainer,
  signal: AbortSignal | undefined,
): Promise<void> {
  const anonymous = container.Mounts.filter(
    (m) => m.Type === 'volume' && m.Name !== undefined && /^[0-9a-f]{64}$/.test(m.Name),
  );
  await Promise.all(
    anonymous.map(async (m) => {
      try {
        await ctx.engine.volumes.remove(m.Name ?? '', { signal });
      } catch (err) {
        if (!isEngineError(err, 404) && !isEngineError(err, 409)) throw err;
      }
    }),
  );
}

/**
 * The project's networks to remove, every one by ID: two runs started together may have left
 * two of the same name.
 */
export async function networksToRemove(
  ctx: ComposeContext,
  project: Project,
  signal: AbortSignal | undefined,
): Promise<NetworkRef[]> {
  const existing = await listProjectNetworks(ctx.engine, project.name, { signal });
  const out = new Map<string, NetworkInspect>();
  for (const [key, config] of Object.entries(project.networks)) {
    if (config.external === true) continue;
    for (const n of existing) {
      if (n.Labels?.[LABEL.network] === key || n.Name === config.name) out.set(n.Id, n);
    }
  }
  return byName([...out.values()]);
}

/** Networks as names and IDs, in name order. */
export function byName(networks: readonly NetworkInspect[]): NetworkRef[] {
  return networks
    .map((n) => ({ name: n.Name, id: n.Id }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

/** The declared volumes `down -v` removes (external ones never). */
export function volumesToRemove(project: Project): string[] {
  return Object.values(project.volumes)
    .filter((v) => v.external !== true)
    .map((v) => v.name)
    .sort();
}

/**
 * The images `--rmi` removes, as docker compose picks them: with `all`, every `image:` of the
 * model; with `local` and `all`, the images built under the default name (`<project>-<service>`)
 * of services without `image:`, and the tagged images labelled with the project whose service
 * label names such a service (any service of the project with `--remove-orphans`). Images with a
 * custom name are never `local`; images of other projects are never picked. References are
 * compared in the familiar form (`busybox` is `busybox:latest`); only existing ones count.
 */
export async function imagesToRemove(
  ctx: ComposeContext,
  project: Project,
  rmi: 'local' | 'all',
  removeOrphans: boolean,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const candidates = new Set<string>();
  const built = new Set<string>();
  for (const [name, service] of Object.entries(project.services)) {
    if (service.image === undefined || service.image === '') built.add(name);
    else if (rmi === 'all') candidates.add(familiar(service.image));
  }
  const sep = nameSeparator(ctx.compatibility);
  for (const name of built) candidates.add(familiar(defaultImageName(project.name, name, sep)));
  const labelled = await ctx.engine.images.list({
    filters: { label: [labelFilter(LABEL.project, project.name)], dangling: ['false'] },
    signal,
  });
  // Listed just now, so known to exist.
  const present = new Set<string>();
  for (const image of labelled) {
    const tag = image.RepoTags?.find((t) => t !== '<none>:<none>');
    if (tag === undefined) continue;
    if (removeOrphans || built.has(image.Labels?.[LABEL.service] ?? '')) {
      present.add(familiar(tag));
    }
  }
  await Promise.all(
    [...candidates].map(async (ref) => {
      if (present.has(ref)) return;
      try {
        await ctx.engine.images.inspect(ref, { signal });
        present.add(ref);
      } catch (err) {
        if (!isEngineError(err, 404)) throw err;
      }
    }),
  );
  return [...present].sort();
}

/** `busybox` -> `busybox:latest`, `docker.io/library/redis:7` -> `redis:7`. */
function familiar(reference: string): string {
  const ref = normaliseReference(reference);
  const library = 'docker.io/library/';
  if (ref.startsWith(library) && !ref.slice(library.length).includes('/')) {
    return ref.slice(library.length);
  }
  return ref.startsWith('docker.io/') ? ref.slice('docker.io/'.length) : ref;
}

async function removeVolume(
  ctx: ComposeContext,
  name: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    // Missing volumes are skipped silently, as compose does.
    await ctx.engine.volumes.inspect(name, { signal });
  } catch (err) {
    if (isEngineError(err, 404)) return;
    throw err;
  }
  emitEvent(ctx, 'volume', name, 'working', 'Removing');
  try {
    await ctx.engine.volumes.remove(name, { signal });
  } catch (err) {
    if (isEngineError(err, 404)) {
      emitEvent(ctx, 'volume', name, 'done', 'Removed');
      return;
    }
    if (isEngineError(err, 409)) {
      emitEvent(ctx, 'volume', name, 'warning', 'Resource is still in use');
      return;
    }
    emitEvent(ctx, 'volume', name, 'error', 'Error', errorText(err));
    throw err;
  }
  emitEvent(ctx, 'volume', name, 'done', 'Removed');
}

async function removeImage(
  ctx: ComposeContext,
  ref: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  emitEvent(ctx, 'image', ref, 'working', 'Removing');
  try {
    await ctx.engine.images.remove(ref, { signal });
  } catch (err) {
    if (isEngineError(err, 404)) {
      emitEvent(ctx, 'image', ref, 'done', 'Removed');
      return;
    }
    if (isEngineError(err, 409)) {
      emitEvent(ctx, 'image', ref, 'warning', 'Resource is still in use', errorText(err));
      return;
    }
    emitEvent(ctx, 'image', ref, 'error', 'Error', errorText(err));
    throw err;
  }
  emitEvent(ctx, 'image', ref, 'done', 'Removed');
}
