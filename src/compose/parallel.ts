// Concurrency helpers of the orchestration: a bound on concurrent tasks, a lock, and running
// services in dependency order with every ready service in parallel.

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
 * Runs `task` for every service once all of its dependencies' tasks have finished; services
 * whose dependencies are done run in parallel. Dependencies outside `services` are ignored. The
 * first failure rejects the whole run once the running tasks have settled; services depending
 * on a failed one do not run.
 * @param dependencies each service's dependencies (for stopping, pass the dependents instead)
 */
export async function inDependencyOrder(
  services: readonly string[],
  dependencies: ReadonlyMap<string, readonly string[]>,
  task: (service: string) => Promise<void>,
): Promise<void> {
  const wanted = new Set(services);
  const done = new Map<string, Promise<void>>();
  const visiting = new Set<string>();
  const run = (service: string): Promise<void> => {
    const known = done.get(service);
    if (known !== undefined) return known;
    if (visiting.has(service)) throw new Error(`dependency cycle detected at service ${service}`);
    visiting.add(service);
    const deps = (dependencies.get(service) ?? []).filter((d) => wanted.has(d));
    const p = Promise.all(deps.map(run)).then(() => task(service));
    done.set(service, p);
    return p;
  };
  const all = services.map(run);
  const results = await Promise.allSettled(all);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
