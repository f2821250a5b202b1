// Convergence: from the containers the engine has to the containers the model asks for, per
// service in dependency order — scale down, recreate what diverged, scale up — the way docker
// compose plans and executes it. An up-to-date project costs no engine write at all.
import { ComposeError } from '../api/errors.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { serviceScale } from '../model/services.js';
import type { ContainerCreatePlan } from './container-config.js';
import {
  containerPlanner,
  serviceContainerName,
  takesMultipleEndpoints,
  type ContainerPlannerOptions,
  type PlannedContainer,
} from './container-planner.js';
import type { ComposeContext } from './context.js';
import { emit, engineFailure } from './emit.js';
import { hashAgreement, type HashAgreement } from './hash-agreement.js';
import { LABEL } from './labels.js';
import { isTemporaryName, recreateTemporaryName } from './naming.js';
import { removeContainers } from './down.js';
import { inDependencyOrder } from './parallel.js';
import { retryTransient, stopInWaves } from './stop-waves.js';
import {
  byService,
  containerNameOf,
  isOneoff,
  replicaNumber,
  serviceOf,
} from './project-containers.js';
import { twinOf } from './concurrent-create.js';
import type { EnsuredNetwork } from './resources.js';
import { configHash } from './service-tree.js';

/** A container of a service after convergence. */
export interface ConvergedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  /** Engine state: `created`, `running`, `exited`, ... */
  readonly state: string;
  /**
   * For a container kept because its config hash matches under an older docker compose's
   * rules (it was created by that version): the rule set's id (model/hash-rules.ts), e.g.
   * `compose 2.26.0-2.28.1`. Undefined for containers created or matching under the current
   * rules.
   */
  readonly hashRules?: string | undefined;
}

/** How diverged containers are handled. */
export type RecreateStrategy = 'diverged' | 'force' | 'never';

/** Inputs of {@link converge}. */
export interface ConvergeOptions {
  /** Strategy for the services named on the command line (all when none are named). */
  readonly recreate: RecreateStrategy;
  /** Strategy for the other services (dependencies pulled in). */
  readonly recreateDependencies: RecreateStrategy;
  /** Services named on the command line; empty means all. */
  readonly targets: ReadonlySet<string>;
  readonly scale?: Readonly<Record<string, number>> | undefined;
  /** Seconds for the stops of recreation and scale-down. */
  readonly timeout?: number | undefined;
  /** Local image ID by service, for the image label and divergence. */
  readonly imageIds: ReadonlyMap<string, string>;
  /** Project networks by key (IDs for divergence). */
  readonly networks: ReadonlyMap<string, EnsuredNetwork>;
  /** `-V`: do not carry anonymous volumes over to recreated containers. */
  readonly renewAnonVolumes?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The scale of a service: `--scale`, else `scale:`, else `deploy.replicas`, else 1. */
export function effectiveScale(
  service: ServiceConfig,
  scale: Readonly<Record<string, number>> | undefined,
): number {
  return scale !== undefined && Object.hasOwn(scale, service.name)
    ? scale[service.name]
    : serviceScale(service);
}

/**
 * The scale of a service ({@link effectiveScale}), refused above 1 with a `container_name`.
 * @throws ComposeError `USAGE` with docker compose's message
 */
export function scalableTo(
  service: ServiceConfig,
  scale: Readonly<Record<string, number>> | undefined,
): number {
  const n = effectiveScale(service, scale);
  if (service.containerName !== undefined && service.containerName !== '' && n > 1) {
    throw new ComposeError(
      'USAGE',
      `WARNING: The "${service.name}" service is using the custom container name "${service.containerName}". Docker requires each container to have a unique name. Remove the custom name to scale the service`,
    );
  }
  return n;
}

/**
 * The service as containers are created from it: `service:x` references in network_mode, ipc,
 * pid and volumes_from rewritten to the referenced container (as docker compose does before
 * hashing).
 */
export function resolveServiceReferences(
  service: ServiceConfig,
  containerOf: (service: string) => string | undefined,
): ServiceConfig {
  const ref = (mode: string | undefined): string | undefined => {
    if (mode?.startsWith('service:') !== true) return mode;
    const id = containerOf(mode.slice('service:'.length));
    return id === undefined ? mode : `container:${id}`;
  };
  const volumesFrom = service.volumesFrom?.map((entry) => {
    if (entry.startsWith('container:')) return entry;
    const [name, mode] = entry.split(':') as [string, string | undefined];
    const id = containerOf(name);
    if (id === undefined) return entry;
    return mode === undefined ? `container:${id}` : `container:${id}:${mode}`;
  });
  return {
    ...service,
    networkMode: ref(service.networkMode),
    ipc: ref(service.ipc),
    pid: ref(service.pid),
    volumesFrom,
  };
}

/**
 * Why a container must be recreated under the `diverged` strategy, or undefined when it is up
 * to date: its config hash, its image, or (when running) its networks differ.
 */
export function divergence(
  container: EngineContainer,
  expected: {
    readonly hash: string;
    /**
     * Judges a hash label that differs from `hash` by the rules of the version that created the
     * container (hash-agreement.ts); without it, only `hash` matches.
     */
    readonly agreement?: HashAgreement | undefined;
    readonly imageId?: string | undefined;
    /** Engine network name -> network ID the container must be attached to. */
    readonly networks?: ReadonlyMap<string, string> | undefined;
  },
): string | undefined {
  const labels = container.Labels ?? {};
  if (labels[LABEL.configHash] !== expected.hash && expected.agreement?.(container) === undefined) {
    return 'configuration changed';
  }
  if (expected.imageId !== undefined && labels[LABEL.image] !== expected.imageId) {
    return 'image changed';
  }
  if (container.State === 'running' && expected.networks !== undefined) {
    const attached: Record<string, { NetworkID?: string } | undefined> =
      container.NetworkSettings.Networks ?? {};
    for (const [name, id] of expected.networks) {
      if (attached[name]?.NetworkID !== id) return `not attached to network ${name}`;
    }
  }
  return undefined;
}

/**
 * Converges the given services (in dependency order, independent services in parallel) and
 * returns their containers by service. Emits `Running` for running containers left alone.
 * @param observed every container of the project (all states), as listed before
 * @throws ComposeError `ENGINE` when the engine refuses an operation
 */
export async function converge(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  observed: readonly EngineContainer[],
  options: ConvergeOptions,
): Promise<Map<string, ConvergedContainer[]>> {
  const result = new Map<string, ConvergedContainer[]>();
  const firstContainer = (service: string): string | undefined => {
    const known = result.get(service) ?? converged(observed, service);
    return [...known].sort((a, b) => a.number - b.number)[0]?.id;
  };
  const containerNames = (service: string): string[] =>
    (result.get(service) ?? converged(observed, service)).map((c) => c.name);
  const multipleEndpoints = takesMultipleEndpoints(ctx);
  // Containers of `depends_on: {x: {restart: true}}` dependents stopped before x is recreated:
  // they converge as exited, so the start phase starts them again after x.
  const stopped = new Set<string>();
  const stopRestartDependents = async (name: string): Promise<void> => {
    const dependents = services.filter(
      (d) => project.services[d].dependsOn?.[name]?.restart === true,
    );
    const running = observed.filter(
      (c) =>
        dependents.includes(serviceOf(c)) &&
        !isOneoff(c) &&
        !stopped.has(c.Id) &&
        (c.State === 'running' || c.State === 'restarting'),
    );
    for (const c of running) stopped.add(c.Id);
    const results = await stopInWaves(ctx, running, options);
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        throw engineFailure(r.reason, `cannot stop container ${containerNameOf(running[i])}`);
      }
    });
  };
  // Each service's containers, grouped once (not a pass over every container per service).
  const observedByService = byService(observed.filter((c) => !isOneoff(c)));
  await inDependencyOrder(project, services, async (name) => {
    const containers = await convergeService(
      ctx,
      project,
      project.services[name],
      (observedByService.get(name) ?? []).map((c) =>
        stopped.has(c.Id) ? { ...c, State: 'exited' } : c,
      ),
      {
        ...options,
        firstContainer,
        containerNames,
        multipleEndpoints,
        beforeRecreate: () => stopRestartDependents(name),
      },
    );
    result.set(name, containers);
  });
  return result;
}

function converged(observed: readonly EngineContainer[], service: string): ConvergedContainer[] {
  return observed
    .filter((c) => serviceOf(c) === service && !isOneoff(c))
    .map((c) => ({
      id: c.Id,
      name: containerNameOf(c),
      service,
      number: replicaNumber(c),
      state: c.State,
    }));
}

/** What {@link convergeService} needs beyond the converge options. */
interface ServiceConvergeOptions
  extends ConvergeOptions, Omit<ContainerPlannerOptions, 'networks' | 'renewAnonVolumes'> {
  /** Runs once, before the first container of the service is recreated. */
  beforeRecreate: () => Promise<void>;
}

/**
 * Brings one service's containers to its scale and configuration, as docker compose's
 * `ensureService` does: the excess removed (obsolete ones first), the diverged recreated, the
 * missing created; all of it in parallel.
 * @returns the service's containers, by number
 */
async function convergeService(
  ctx: ComposeContext,
  project: Project,
  declared: ServiceConfig,
  existing: readonly EngineContainer[],
  options: ServiceConvergeOptions,
): Promise<ConvergedContainer[]> {
  const scale = scalableTo(declared, options.scale);
  const service = resolveServiceReferences(declared, options.firstContainer);
  const platform = project.environment.DOCKER_DEFAULT_PLATFORM;
  const hash = configHash(service, platform);
  const agreement = hashAgreement(service, hash, platform);
  const imageId = options.imageIds.get(declared.name);
  const strategy = recreateStrategy(service, options);
  const mustRecreate = recreationTest(service, strategy, { hash, agreement, imageId }, options);
  const plan = containerPlanner(ctx, project, declared, hash, imageId, options);

  const sorted = [...existing].sort((a, b) => replicaNumber(a) - replicaNumber(b));
  const finalName = (c: EngineContainer): string =>
    serviceContainerName(ctx, project, declared, replicaNumber(c));
  // A replacement left under its temporary name by an interrupted recreate.
  const temporary = (c: EngineContainer): boolean =>
    isTemporaryName(containerNameOf(c), finalName(c));
  const { keep, excess } = scaleDown(sorted, scale, mustRecreate, temporary);
  const removals = [removeObsolete(ctx, excess, options)];
  const tasks: Promise<void>[] = [...removals];
  const out: ConvergedContainer[] = [];
  const created = (id: string, name: string, number: number): void => {
    out.push({ id, name, service: declared.name, number, state: 'created' });
  };

  if (keep.some(mustRecreate)) await options.beforeRecreate();
  for (const c of keep) {
    const number = replicaNumber(c);
    if (mustRecreate(c)) {
      tasks.push(
        (async () => {
          const { name, body } = plan(number, c);
          created(await recreateContainer(ctx, c, name, body, options), name, number);
        })(),
      );
    } else if (temporary(c)) {
      // Named as it should be once the container that held the name is gone.
      tasks.push(
        renameTemporary(ctx, c, finalName(c), removals, options.signal).then((name) => {
          out.push({ id: c.Id, name, service: declared.name, number, state: c.State });
        }),
      );
    } else {
      const name = containerNameOf(c);
      if (c.State === 'running') emit(ctx, 'container', name, 'Running');
      const rules = strategy === 'diverged' ? agreement(c)?.id : undefined;
      const hashRules = rules === 'current' ? undefined : rules;
      out.push({ id: c.Id, name, service: declared.name, number, state: c.State, hashRules });
    }
  }

  let next = Math.max(0, ...keep.map(replicaNumber)) + 1;
  for (let i = keep.length; i < scale; i++) {
    const number = next++;
    const planned = plan(number);
    tasks.push(
      createMissing(ctx, planned, options.signal).then((id) => {
        created(id, planned.name, number);
      }),
    );
  }
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return out.sort((a, b) => a.number - b.number);
}

/** Creates a missing container, reporting Creating/Created. */
async function createMissing(
  ctx: ComposeContext,
  planned: PlannedContainer,
  signal: AbortSignal | undefined,
): Promise<string> {
  const { name, body } = planned;
  emit(ctx, 'container', name, 'Creating', 'working');
  const id = await createContainer(ctx, name, body, signal).catch(async (err: unknown) => {
    // Another run of the project made this very container meanwhile: use it.
    const twin = await twinOf(ctx, name, body, err, signal);
    if (twin !== undefined) return twin;
    emit(ctx, 'container', name, 'Error', 'error', (err as Error).message);
    throw err;
  });
  emit(ctx, 'container', name, 'Created');
  return id;
}

/**
 * Gives a container left under its temporary name by an interrupted recreate its final name,
 * once `removals` (which may include the container that held it) are done.
 * @returns the final name
 */
async function renameTemporary(
  ctx: ComposeContext,
  c: EngineContainer,
  name: string,
  removals: readonly Promise<void>[],
  signal: AbortSignal | undefined,
): Promise<string> {
  await Promise.allSettled(removals);
  try {
    await ctx.engine.containers.rename(c.Id, name, { signal });
  } catch (err) {
    throw engineFailure(err, `cannot rename container ${containerNameOf(c)} to ${name}`);
  }
  if (c.State === 'running') emit(ctx, 'container', name, 'Running');
  return name;
}

/**
 * Whether a container must be recreated: always with `force`; with `diverged` when its config
 * hash, image or networks differ from the service's ({@link divergence}); never with `never`.
 * The named services follow `recreate`, their dependencies `recreateDependencies`.
 */
function recreationTest(
  service: ServiceConfig,
  strategy: ConvergeOptions['recreate'],
  expected: { hash: string; agreement: HashAgreement; imageId: string | undefined },
  options: ConvergeOptions,
): (c: EngineContainer) => boolean {
  const networks = expectedNetworks(service, options.networks);
  return (c) =>
    strategy === 'force' ||
    (strategy === 'diverged' && divergence(c, { ...expected, networks }) !== undefined);
}

/**
 * The engine network name -> ID map a service's running container must be attached to (none
 * for a shared network mode).
 */
export function expectedNetworks(
  service: ServiceConfig,
  networks: ReadonlyMap<string, EnsuredNetwork>,
): Map<string, string> {
  const out = new Map<string, string>();
  if (service.networkMode === undefined || service.networkMode === '') {
    for (const key of Object.keys(service.networks ?? {})) {
      const n = networks.get(key);
      if (n !== undefined) out.set(n.name, n.id);
    }
  }
  return out;
}

/** The named services follow `recreate`, their dependencies `recreateDependencies`. */
function recreateStrategy(
  service: ServiceConfig,
  options: ConvergeOptions,
): ConvergeOptions['recreate'] {
  return options.targets.size === 0 || options.targets.has(service.name)
    ? options.recreate
    : options.recreateDependencies;
}

/**
 * The containers to keep (by number) and the excess over `scale`: obsolete containers go first,
 * then the highest numbers.
 */
export function scaleDown(
  sorted: readonly EngineContainer[],
  scale: number,
  mustRecreate: (c: EngineContainer) => boolean,
  temporary: (c: EngineContainer) => boolean = () => false,
): { keep: EngineContainer[]; excess: EngineContainer[] } {
  if (sorted.length <= scale) return { keep: [...sorted], excess: [] };
  const order = [...sorted].sort((a, b) => {
    const oa = mustRecreate(a) ? 0 : 1;
    const ob = mustRecreate(b) ? 0 : 1;
    if (oa !== ob) return oa - ob;
    if (replicaNumber(a) !== replicaNumber(b)) return replicaNumber(b) - replicaNumber(a);
    // Two of one number (a recreate was interrupted): the one under the temporary name goes.
    return (temporary(a) ? 0 : 1) - (temporary(b) ? 0 : 1);
  });
  const excess = new Set(order.slice(0, sorted.length - scale).map((c) => c.Id));
  return {
    keep: sorted.filter((c) => !excess.has(c.Id)),
    excess: sorted.filter((c) => excess.has(c.Id)),
  };
}

/**
 * Creates a container from its plan and connects it to the networks the create body could not
 * name (API < 1.44 takes one network at create time).
 * @throws ComposeError('ENGINE') naming the container (and network) that failed
 */
export async function createContainer(
  ctx: ComposeContext,
  name: string,
  plan: ContainerCreatePlan,
  signal: AbortSignal | undefined,
): Promise<string> {
  let id: string;
  try {
    const created = await ctx.engine.containers.create(plan.body, {
      name,
      platform: plan.platform,
      signal,
    });
    id = created.Id;
  } catch (err) {
    throw engineFailure(err, `cannot create container ${name}`);
  }
  for (const { network, endpoint } of plan.connect) {
    try {
      await ctx.engine.networks.connect(
        network,
        { Container: id, EndpointConfig: endpoint },
        { signal },
      );
    } catch (err) {
      throw engineFailure(err, `cannot connect container ${name} to network ${network}`);
    }
  }
  return id;
}

async function recreateContainer(
  ctx: ComposeContext,
  old: EngineContainer,
  name: string,
  plan: ContainerCreatePlan,
  options: ConvergeOptions,
): Promise<string> {
  const oldName = containerNameOf(old);
  emit(ctx, 'container', oldName, 'Recreate', 'working');
  try {
    const id = await createContainer(
      ctx,
      recreateTemporaryName(old.Id, name),
      plan,
      options.signal,
    );
    // Once begun, the replacement is finished even when the run is interrupted: the engine
    // goes on with a stop whose request was abandoned, so an interrupted run that stopped
    // waiting would exit while the old container was still being stopped, and the next `up`
    // would find it running, keep it, and see it exit a moment later. The stop is bounded by
    // the grace period; a second interrupt kills. The old container gets its stop signal at
    // once, and is killed and removed in the context's slots, as `down` does, so that hundreds
    // of recreations do not release their endpoints all at once (see stop-waves.ts).
    try {
      const [replaced] = await stopInWaves(
        ctx,
        [old],
        { timeout: options.timeout, events: false },
        async (c) => {
          await retryTransient(
            () => ctx.engine.containers.remove(c.Id, { force: true }),
            undefined,
          );
        },
      );
      if (replaced.status === 'rejected') throw replaced.reason;
      await ctx.engine.containers.rename(id, name);
    } catch (err) {
      throw engineFailure(err, `cannot replace container ${oldName}`);
    }
    emit(ctx, 'container', oldName, 'Recreated');
    return id;
  } catch (err) {
    emit(ctx, 'container', oldName, 'Error', 'error', (err as Error).message);
    throw err;
  }
}

/**
 * Removes containers `up` no longer wants (a scale-down's excess, orphans): those running
 * (restarting, paused) are stopped first, in waves ({@link removeContainers}).
 * @throws {ComposeError} `ENGINE` for a container that could not be stopped or removed
 */
export async function removeObsolete(
  ctx: ComposeContext,
  containers: readonly EngineContainer[],
  options: { readonly timeout?: number | undefined; readonly signal?: AbortSignal | undefined },
): Promise<void> {
  try {
    await removeContainers(ctx, containers, {
      timeout: options.timeout,
      signal: options.signal,
      stopFirst: 'active',
    });
  } catch (err) {
    throw engineFailure(err, 'cannot remove container');
  }
}
