// `rm`: remove the project's stopped service containers.
import type { RemoveOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { removeContainers } from './down.js';
import { checkServices, containerNameOf, listProjectContainers } from './project-containers.js';
import { stop } from './stop.js';

/**
 * Removes the stopped containers of the named services (all when none); with `stop`, stops the
 * running ones first. Asks `Going to remove a, b` through `ctx.confirm` (no answer means No);
 * nothing to remove reports `No stopped containers`.
 * @returns the names of the removed containers
 * @throws {ComposeError} `USAGE` for an unknown service; engine failures propagate
 */
export async function remove(
  ctx: ComposeContext,
  project: Project,
  options: RemoveOptions = {},
): Promise<string[]> {
  checkServices(project, options.services);
  if (options.stop === true) {
    await stop(ctx, project, { services: options.services, signal: options.signal });
  }
  const containers = await listProjectContainers(ctx.engine, project.name, {
    all: true,
    services: options.services,
    signal: options.signal,
  });
  const stopped = containers.filter((c) => c.State !== 'running');
  const names = stopped.map(containerNameOf);
  if (names.length === 0) {
    ctx.info?.('No stopped containers');
    return [];
  }
  const yes =
    ctx.confirm === undefined ? false : await ctx.confirm(`Going to remove ${names.join(', ')}`);
  if (!yes) return [];
  await removeContainers(ctx, stopped, {
    volumes: options.volumes,
    signal: options.signal,
    stopFirst: false,
  });
  return names;
}
