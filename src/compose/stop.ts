// `stop`: stop the project's containers, dependents before their dependencies.
import type { StopOptions } from '../api/compose.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import {
  byService,
  checkServices,
  containerNameOf,
  emitEvent,
  listProjectContainers,
} from './project-containers.js';
import { inDependencyOrder } from './parallel.js';

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

/** Stops containers in parallel, with `Stopping` / `Stopped` events. */
export async function stopContainers(
  ctx: ComposeContext,
  containers: readonly EngineContainer[],
  options: { timeout?: number | undefined; signal?: AbortSignal | undefined },
): Promise<void> {
  await Promise.all(
    containers.map(async (c) => {
      const name = containerNameOf(c);
      emitEvent(ctx, 'container', name, 'working', 'Stopping');
      try {
        await ctx.engine.containers.stop(c.Id, {
          timeout: options.timeout,
          signal: options.signal,
        });
      } catch (err) {
        emitEvent(ctx, 'container', name, 'error', 'Error', errorText(err));
        throw err;
      }
      emitEvent(ctx, 'container', name, 'done', 'Stopped');
    }),
  );
}

/** The message of an error, for event details. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
