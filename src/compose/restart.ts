// `restart`: restart containers, with the dependents that asked for it (`restart: true`).
import type { RestartOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import {
  byService,
  checkServices,
  containerNameOf,
  emitEvent,
  listProjectContainers,
  withDependents,
} from './project-containers.js';
import { inDependencyOrder } from './parallel.js';
import { errorText, selectedServices } from './stop.js';

/**
 * Restarts the containers of the named services (all when none) and, unless `noDeps`, of the
 * services that declared `depends_on: {<named>: {restart: true}}` on them, in dependency order.
 * Stopped containers are started. Events: `Restarting` then `Started`.
 * @throws {ComposeError} `USAGE` for an unknown service; engine failures propagate
 */
export async function restart(
  ctx: ComposeContext,
  project: Project,
  options: RestartOptions = {},
): Promise<void> {
  checkServices(project, options.services);
  let selected = selectedServices(project, options.services);
  if (options.noDeps !== true && options.services !== undefined && options.services.length > 0) {
    selected = withDependents(
      project,
      selected,
      (dependent, dependency) =>
        project.services[dependent].dependsOn?.[dependency]?.restart === true,
    );
  }
  const containers = await listProjectContainers(ctx.engine, project.name, {
    all: true,
    signal: options.signal,
  });
  const groups = byService(containers);
  await inDependencyOrder(project, [...selected].sort(), async (service) => {
    await Promise.all(
      (groups.get(service) ?? []).map(async (c) => {
        const name = containerNameOf(c);
        emitEvent(ctx, 'container', name, 'working', 'Restarting');
        try {
          await ctx.engine.containers.restart(c.Id, {
            timeout: options.timeout,
            signal: options.signal,
          });
        } catch (err) {
          emitEvent(ctx, 'container', name, 'error', 'Error', errorText(err));
          throw err;
        }
        emitEvent(ctx, 'container', name, 'done', 'Started');
      }),
    );
  });
}
