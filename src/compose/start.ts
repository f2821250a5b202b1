// `start` (and the start phase of `up`): services in dependency order, each once its
// dependencies meet their `depends_on` condition; secrets and configs injected before the first
// start; ContainerStart calls of containers that publish ports serialised; `--wait`.
import type { StartOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { ContainerInspect } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { effectiveScale, type ConvergedContainer } from './convergence.js';
import { selectServices } from './create.js';
import { checkAborted, emit, engineFailure, sleep } from './emit.js';
import { injectFiles } from './inject-files.js';
import { projectContainerFilters } from './labels.js';
import { createLock, inDependencyOrder } from './parallel.js';
import { containerNameOf, replicaNumber, serviceOf } from './project-containers.js';

/**
 * The engine allocates published host ports non-atomically: containers that publish ports start
 * one at a time; the others need no allocation and start concurrently.
 */
const startLock = createLock();

/** How often dependency conditions and `--wait` are polled. */
const POLL_MS = 500;

/** Inputs of {@link startProject}. */
export interface StartProjectOptions {
  /** The services to start (dependencies already included). */
  readonly services: readonly string[];
  /** Their containers when the caller knows them (saves a list call). */
  readonly containers?: ReadonlyMap<string, readonly ConvergedContainer[]> | undefined;
  readonly scale?: Readonly<Record<string, number>> | undefined;
  readonly wait?: boolean | undefined;
  /** Seconds. */
  readonly waitTimeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * `start`: starts the existing containers of the named services and of their dependencies.
 * @throws ComposeError `RUNTIME` when a dependency condition fails, `TIMEOUT` for `--wait-timeout`
 */
export async function start(
  ctx: ComposeContext,
  project: Project,
  options: StartOptions = {},
): Promise<void> {
  await startProject(ctx, project, {
    services: selectServices(project, options.services),
    wait: options.wait,
    waitTimeout: options.waitTimeout,
    signal: options.signal,
  });
}

async function listContainers(
  ctx: ComposeContext,
  project: Project,
  signal: AbortSignal | undefined,
): Promise<Map<string, ConvergedContainer[]>> {
  let list;
  try {
    list = await ctx.engine.containers.list({
      all: true,
      filters: { label: projectContainerFilters(project.name, { oneoff: false }) },
      signal,
    });
  } catch (err) {
    throw engineFailure(err, 'cannot list containers');
  }
  const out = new Map<string, ConvergedContainer[]>();
  for (const c of list) {
    const service = serviceOf(c);
    const entry = {
      id: c.Id,
      name: containerNameOf(c),
      service,
      number: replicaNumber(c),
      state: c.State,
    };
    const group = out.get(service);
    if (group === undefined) out.set(service, [entry]);
    else group.push(entry);
  }
  for (const group of out.values()) group.sort((a, b) => a.number - b.number);
  return out;
}

/** Starts the given services in dependency order, then waits for them with `wait`. */
export async function startProject(
  ctx: ComposeContext,
  project: Project,
  options: StartProjectOptions,
): Promise<void> {
  const signal = options.signal;
  const containers = options.containers ?? (await listContainers(ctx, project, signal));
  const selected = new Set(options.services);
  await inDependencyOrder(project, options.services, async (name) => {
    checkAborted(signal);
    const service = project.services[name];
    const scale = effectiveScale(service, options.scale);
    if (scale === 0) return;
    await waitForDependencies(ctx, project, name, containers, selected, options);
    const mine = containers.get(name) ?? [];
    if (mine.length === 0) {
      throw new ComposeError('RUNTIME', `service "${name}" has no container to start`);
    }
    await Promise.all(
      mine
        .filter((c) => c.state !== 'running')
        .map(async (c) => {
          emit(ctx, 'container', c.name, 'Starting', 'working');
          try {
            await injectFiles(ctx, project, service, c.id, signal);
            const started = () => ctx.engine.containers.start(c.id, { signal });
            await ((service.ports ?? []).length > 0 ? startLock(started) : started());
          } catch (err) {
            emit(ctx, 'container', c.name, 'Error', 'error', (err as Error).message);
            throw engineFailure(err, `cannot start container ${c.name}`);
          }
          emit(ctx, 'container', c.name, 'Started');
        }),
    );
  });
  if (options.wait === true) await waitForServices(ctx, project, containers, options);
}

async function inspectAll(
  ctx: ComposeContext,
  ids: readonly string[],
  signal: AbortSignal | undefined,
): Promise<ContainerInspect[]> {
  try {
    return await Promise.all(ids.map((id) => ctx.engine.containers.inspect(id, { signal })));
  } catch (err) {
    throw engineFailure(err, 'cannot inspect container');
  }
}

/**
 * Waits until the dependencies of service `name` among `selected` meet their `depends_on`
 * conditions (also used by `run` before its one-off container starts).
 * @throws ComposeError `RUNTIME` when a required dependency fails its condition
 */
export async function waitForDependencies(
  ctx: ComposeContext,
  project: Project,
  name: string,
  containers: ReadonlyMap<string, readonly ConvergedContainer[]>,
  selected: ReadonlySet<string>,
  options: StartProjectOptions,
): Promise<void> {
  const service = project.services[name];
  await Promise.all(
    Object.entries(service.dependsOn ?? {}).map(async ([dep, d]) => {
      if (!Object.hasOwn(project.services, dep) || !selected.has(dep)) return;
      if (effectiveScale(project.services[dep], options.scale) === 0) return;
      if (d.condition === 'service_started') return;
      try {
        const theirs = containers.get(dep) ?? [];
        if (theirs.length === 0) {
          throw new ComposeError('RUNTIME', `${name} is missing dependency ${dep}`);
        }
        await waitForCondition(ctx, dep, theirs, d.condition, options.signal);
      } catch (err) {
        if (d.required || !(err instanceof ComposeError) || err.code === 'CANCELLED') throw err;
        ctx.events({
          id: `Service ${name}`,
          kind: 'service',
          name,
          status: 'warning',
          text: `Skipped: optional dependency ${dep} failed`,
          details: err.detail,
        });
      }
    }),
  );
}

async function waitForCondition(
  ctx: ComposeContext,
  service: string,
  containers: readonly ConvergedContainer[],
  condition: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const c of containers) emit(ctx, 'container', c.name, 'Waiting', 'working');
  for (;;) {
    const states = await inspectAll(
      ctx,
      containers.map((c) => c.id),
      signal,
    );
    let ready = true;
    for (const [i, s] of states.entries()) {
      const name = containers[i].name;
      if (condition === 'service_healthy') {
        const health = s.State.Health?.Status;
        if (health === undefined) {
          throw new ComposeError(
            'RUNTIME',
            `dependency failed to start: container ${name} has no healthcheck configured`,
          );
        }
        if (health === 'unhealthy') {
          throw new ComposeError(
            'RUNTIME',
            `dependency failed to start: container ${name} is unhealthy`,
          );
        }
        if (!s.State.Running && s.State.Status !== 'created') {
          throw new ComposeError(
            'RUNTIME',
            `dependency failed to start: container ${name} exited (${s.State.ExitCode})`,
          );
        }
        if (health !== 'healthy') ready = false;
      } else if (condition === 'service_completed_successfully') {
        if (s.State.Status !== 'exited') {
          ready = false;
        } else if (s.State.ExitCode !== 0) {
          throw new ComposeError(
            'RUNTIME',
            `service "${service}" didn't complete successfully: exit ${s.State.ExitCode}`,
          );
        }
      }
    }
    if (ready) break;
    await sleep(POLL_MS, signal);
  }
  const text = condition === 'service_healthy' ? 'Healthy' : 'Exited';
  for (const c of containers) emit(ctx, 'container', c.name, text);
}

/**
 * True for a service that is not restarted once it exits (`restart: "no"`, the default, and no
 * `deploy.restart_policy` asking otherwise): a one-shot job, which `--wait` accepts once it has
 * exited 0.
 */
export function runsOnce(service: Project['services'][string]): boolean {
  if (service.restart !== undefined) return service.restart === 'no';
  const condition = service.deploy?.restartPolicy?.condition;
  return service.deploy?.restartPolicy === undefined || condition === 'none';
}

/** `--wait`: every service running (healthy when it has a healthcheck), or exited 0 for jobs. */
async function waitForServices(
  ctx: ComposeContext,
  project: Project,
  containers: ReadonlyMap<string, readonly ConvergedContainer[]>,
  options: StartProjectOptions,
): Promise<void> {
  const jobs = new Set<string>();
  for (const s of Object.values(project.services)) {
    for (const [dep, d] of Object.entries(s.dependsOn ?? {})) {
      if (d.condition === 'service_completed_successfully') jobs.add(dep);
    }
  }
  const timeout = options.waitTimeout;
  const controller = new AbortController();
  const signal =
    options.signal === undefined
      ? controller.signal
      : AbortSignal.any([options.signal, controller.signal]);
  let timer: NodeJS.Timeout | undefined;
  const work = Promise.all(
    options.services.map(async (name) => {
      const mine = containers.get(name) ?? [];
      if (mine.length === 0) return;
      const service = project.services[name];
      for (const c of mine) emit(ctx, 'container', c.name, 'Waiting', 'working');
      for (;;) {
        const states = await inspectAll(
          ctx,
          mine.map((c) => c.id),
          signal,
        );
        let ready = true;
        for (const [i, s] of states.entries()) {
          const cname = mine[i].name;
          if (jobs.has(name)) {
            if (s.State.Status !== 'exited') ready = false;
            else if (s.State.ExitCode !== 0) {
              throw new ComposeError('RUNTIME', `container ${cname} exited (${s.State.ExitCode})`);
            }
            continue;
          }
          if (s.State.Status === 'exited' && s.State.ExitCode === 0 && runsOnce(service)) {
            // A one-shot service (no restart policy) that completed is done, not failed.
            continue;
          }
          if (s.State.Status === 'exited' || s.State.Status === 'dead') {
            throw new ComposeError('RUNTIME', `container ${cname} exited (${s.State.ExitCode})`);
          }
          const health = s.State.Health?.Status;
          if (health === 'unhealthy') {
            throw new ComposeError('RUNTIME', `container ${cname} is unhealthy`);
          }
          if (!s.State.Running || (health !== undefined && health !== 'healthy')) ready = false;
        }
        if (ready) break;
        await sleep(POLL_MS, signal);
      }
      for (const c of mine) emit(ctx, 'container', c.name, jobs.has(name) ? 'Exited' : 'Healthy');
    }),
  );
  try {
    if (timeout === undefined || timeout <= 0) {
      await work;
      return;
    }
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ComposeError('TIMEOUT', `application not healthy after ${timeout}s`));
      }, timeout * 1000);
    });
    work.catch(() => undefined);
    await Promise.race([work, expired]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
