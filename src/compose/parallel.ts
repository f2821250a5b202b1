// Concurrency helpers of the orchestration: a bound on concurrent tasks, a lock, and running
// services in dependency order with every ready service in parallel.
import { assertAcyclic, dependencyGraph } from '../model/graph.js';
import type { Project } from '../model/project.js';

/** Runs at most `limit` tasks at once (-1 or 0: no bound). */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (limit <= 0) return (task) => task();
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/** A mutual-exclusion lock: tasks given to it run one after another. */
export function createLock(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Runs `task` for each of `services` once the tasks of the services it waits for have finished:
 * its dependencies (`dependencies-first`, to create or start), or the services depending on it
 * (`dependents-first`, to stop or remove). Services that do not wait for each other run in
 * parallel. Services are visited in the order given; services of `services` that the project
 * does not enable are skipped, and ordering through services left out of `services` is ignored.
 * A service whose predecessor failed does not run; the first failure (in the order given) is
 * thrown once every started task has settled.
 * @throws DependencyCycleError when the services wait for each other in a circle
 */
export async function inDependencyOrder(
  project: Pick<Project, 'services'>,
  services: Iterable<string>,
  task: (service: string) => Promise<void>,
  direction: 'dependencies-first' | 'dependents-first' = 'dependencies-first',
): Promise<void> {
  const graph = dependencyGraph(project);
  const wanted = new Set([...services].filter((s) => graph.dependencies.has(s)));
  const within = (edges: ReadonlyMap<string, readonly string[]>) =>
    new Map([...wanted].map((s) => [s, edges.get(s)!.filter((d) => wanted.has(d))]));
  const dependencies = within(graph.dependencies);
  assertAcyclic(dependencies);
  const before = direction === 'dependencies-first' ? dependencies : within(graph.dependents);
  const runs = new Map<string, Promise<void>>();
  const run = (service: string): Promise<void> => {
    const known = runs.get(service);
    if (known !== undefined) return known;
    const waits = before.get(service)!.map(run);
    const ran = Promise.allSettled(waits).then(async (results) => {
      throwFirstFailure(results);
      await task(service);
    });
    // Failures are reported through the aggregate below; keep Node from flagging this one.
    ran.catch(() => undefined);
    runs.set(service, ran);
    return ran;
  };
  throwFirstFailure(await Promise.allSettled([...wanted].map(run)));
}

function throwFirstFailure(results: readonly PromiseSettledResult<unknown>[]): void {
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
