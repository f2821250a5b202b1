// `stop`: stop the project's containers, dependents before their dependencies.
import type { StopOptions } from '../api/compose.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { byService, checkServices, listProjectContainers } from './project-containers.js';
import { inDependencyOrder } from './parallel.js';
import { stopInWaves } from './stop-waves.js';

/**
 * Stops the containers of the named services (all when none), in reverse dependency order; the
 * dependents of named services are not stopped. Containers that are already stopped are stopped
 * again (the engine accepts it) and reported `Stopped`, as compose does.
 * @throws {ComposeError} `USAGE` for an unknown service; engine failures propagate
 */
export async function stop(
  ctx: ComposeContext,
  project: Project,
  options: StopOptions = {},
): Promise<void> {
  checkServices(project, options.services);
  const containers = await listProjectContainers(ctx.engine, project.name, {
    all: true,
    services: options.services,
    signal: options.signal,
  });
  const groups = byService(containers);
  const selected = selectedServices(project, options.services);
  await inDependencyOrder(
    project,
    [...selected].sort(),
    (service) => stopContainers(ctx, groups.get(service) ?? [], options),
    'dependents-first',
  );
}

/** The named services, or every service of the project. */
export function selectedServices(
  project: Project,
  services: readonly string[] | undefined,
): string[] {
  return services !== undefined && services.length > 0
    ? [...services]
    : Object.keys(project.services);
}

/**
 * Stops containers, with `Stopping` / `Stopped` events: all are signalled at once, and killed
 * (after their grace period) in waves ({@link stopInWaves}).
 */
export async function stopContainers(
  ctx: ComposeContext,
  containers: readonly EngineContainer[],
  options: { timeout?: number | undefined; signal?: AbortSignal | undefined },
): Promise<void> {
  const results = await stopInWaves(ctx, containers, options);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

export { errorText } from './stop-waves.js';
