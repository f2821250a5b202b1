// `create` (and the create phase of `up`): images, networks, volumes, orphans, then
// convergence of the containers — compose's phase 1.
import type { CreateOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import { dependencyGraph } from '../model/graph.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import {
  converge,
  effectiveScale,
  removeObsolete,
  type ConvergedContainer,
} from './convergence.js';
import { checkAborted, engineFailure } from './emit.js';
import { ensureImages } from './images.js';
import { LABEL } from './labels.js';
import {
  containerNameOf,
  isOneoff,
  listEveryProjectContainer,
  serviceOf,
} from './project-containers.js';
import { unreachableDependencies } from './reachability.js';
import {
  checkExternalResources,
  ensureNetworks,
  ensureVolumes,
  listNetworksOf,
  usedNetworks,
} from './resources.js';

/** What the create phase leaves behind, for the start phase. */
export interface CreateResult {
  /** The services that were converged (named ones plus their dependencies). */
  readonly services: readonly string[];
  /** Their containers, by service. */
  readonly containers: ReadonlyMap<string, readonly ConvergedContainer[]>;
}

/**
 * The services an operation acts on: the named ones (every enabled one when none is named)
 * plus, unless `noDeps`, everything they depend on.
 * @throws ComposeError `USAGE` `no such service: x`
 */
export function selectServices(
  project: Project,
  named: readonly string[] | undefined,
  noDeps = false,
): string[] {
  const all = Object.keys(project.services);
  if (named === undefined || named.length === 0) return all;
  for (const name of named) {
    if (!Object.hasOwn(project.services, name)) {
      throw new ComposeError('USAGE', `no such service: ${name}`);
    }
  }
  if (noDeps) return [...new Set(named)];
  const { dependencies } = dependencyGraph(project);
  const out = new Set<string>();
  const visit = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    for (const dep of dependencies.get(name) ?? []) visit(dep);
  };
  for (const name of named) visit(name);
  return all.filter((s) => out.has(s));
}

/**
 * Orphans as compose counts them: containers of services the model does not know (enabled or
 * disabled), and one-off containers that have exited.
 */
export function findOrphans(
  project: Project,
  containers: readonly EngineContainer[],
): EngineContainer[] {
  return containers.filter((c) => {
    const service = serviceOf(c);
    const known =
      Object.hasOwn(project.services, service) || Object.hasOwn(project.disabledServices, service);
    if (!known) return true;
    return isOneoff(c) && (c.State === 'exited' || c.State === 'dead');
  });
}

/** compose's warning about orphans. */
export function orphanWarning(orphans: readonly EngineContainer[]): string {
  return `Found orphan containers (${orphans.map(containerNameOf).join(', ')}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`;
}

function checkContainerNames(project: Project): void {
  const seen = new Map<string, string>();
  for (const [name, s] of Object.entries(project.services)) {
    const custom = s.containerName;
    if (custom === undefined || custom === '') continue;
    const other = seen.get(custom);
    if (other !== undefined) {
      throw new ComposeError(
        'CONSISTENCY',
        `services.${name}: container name "${custom}" is already in use by service ${other}"`,
      );
    }
    seen.set(custom, name);
  }
}

/**
 * `create`: builds or pulls missing images, creates networks and volumes, warns about (or
 * removes) orphans and converges the containers, without starting them.
 * @throws ComposeError (`USAGE`, `NOT_FOUND`, `REGISTRY`, `BUILD`, `ENGINE`)
 */
export async function create(
  ctx: ComposeContext,
  project: Project,
  options: CreateOptions = {},
): Promise<void> {
  await createProject(ctx, project, options);
}

/** {@link create}, returning the containers for the start phase of `up`. */
export async function createProject(
  ctx: ComposeContext,
  project: Project,
  options: CreateOptions = {},
): Promise<CreateResult> {
  const signal = options.signal;
  checkAborted(signal);
  checkContainerNames(project);
  if (options.scale !== undefined) {
    for (const name of Object.keys(options.scale)) {
      if (!Object.hasOwn(project.services, name)) {
        throw new ComposeError('USAGE', `no such service: ${name}`);
      }
    }
  }
  const services = selectServices(project, options.services, options.noDeps === true);
  for (const warning of unreachableDependencies(project)) ctx.warn(warning);
  const toCreate = services.filter((s) => effectiveScale(project.services[s], options.scale) > 0);
  const { imageIds, networks, observed } = await prepareResources(ctx, project, toCreate, options);

  const orphans = findOrphans(project, observed);
  if (orphans.length > 0) {
    if (options.removeOrphans === true) {
      await removeObsolete(ctx, orphans, { timeout: options.timeout, signal });
    } else if (options.ignoreOrphans !== true) {
      ctx.warn(orphanWarning(orphans));
    }
  }
  const orphanIds = new Set(orphans.map((c) => c.Id));
  const named = new Set(options.services ?? []);
  const containers = await converge(
    ctx,
    project,
    services,
    observed.filter((c) => !orphanIds.has(c.Id) && c.Labels?.[LABEL.oneoff] !== 'True'),
    {
      recreate: options.renewAnonVolumes === true ? 'force' : (options.recreate ?? 'diverged'),
      recreateDependencies: options.recreateDependencies ?? 'diverged',
      targets: named,
      scale: options.scale,
      timeout: options.timeout,
      imageIds,
      networks,
      renewAnonVolumes: options.renewAnonVolumes,
      signal,
    },
  );
  return { services, containers };
}

/**
 * The images of `toCreate`, then the project's networks and volumes, with the project's
 * containers as they are once those exist. Images come first, as compose does: a build or
 * pull that fails (a missing build context, an unreachable registry) then leaves no network or
 * volume behind. With every image present this costs one list of images; networks and volumes
 * are then prepared together.
 */
async function prepareResources(
  ctx: ComposeContext,
  project: Project,
  toCreate: readonly string[],
  options: CreateOptions,
): Promise<{
  imageIds: ReadonlyMap<string, string>;
  networks: Awaited<ReturnType<typeof ensureNetworks>>;
  observed: EngineContainer[];
}> {
  const signal = options.signal;
  await checkExternalResources(ctx, project, signal);
  const listContainers = () =>
    listEveryProjectContainer(ctx.engine, project.name, { signal }).catch((err: unknown) => {
      throw engineFailure(err, 'cannot list containers');
    });
  const listed = listContainers();
  // The project's networks are listed meanwhile (reading changes nothing); after a pull or a
  // build, which may take minutes, they are listed again.
  const networksListed =
    usedNetworks(project).length > 0 ? listNetworksOf(ctx, project, signal) : undefined;
  networksListed?.catch(() => undefined);
  const progress = { fetched: false };
  const imageIds = await ensureImages(ctx, project, toCreate, {
    pull: options.pull,
    build: options.build,
    noBuild: options.noBuild,
    quietPull: options.quietPull,
    quietBuild: options.quietBuild,
    signal,
    onFetch: () => {
      progress.fetched = true;
    },
  }).catch(async (err: unknown) => {
    await listed.catch(() => undefined);
    throw err;
  });
  const [listedFirst, networks, volumesRecreated] = await Promise.all([
    listed,
    ensureNetworks(ctx, project, signal, progress.fetched ? undefined : networksListed),
    ensureVolumes(ctx, project, signal, { assumeYes: options.assumeYes }),
  ]);
  checkAborted(signal);
  // A network recreated in place stopped its containers, a volume recreated removed its users,
  // while the list was taken: list again.
  const recreated = volumesRecreated || [...networks.values()].some((n) => n.recreated === true);
  return { imageIds, networks, observed: recreated ? await listContainers() : listedFirst };
}
