// `pause` and `unpause`: freeze or resume the processes of running containers.
import type { ServicesOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import {
  checkServices,
  containerNameOf,
  emitEvent,
  listProjectContainers,
} from './project-containers.js';
import { errorText } from './stop.js';

/**
 * Pauses the running containers of the named services (all when none), in parallel. Pausing a
 * paused container fails as the engine says (`... is already paused`); a service without
 * containers is a no-op.
 * @throws {ComposeError} `USAGE` for an unknown service; engine failures propagate
 */
export function pause(
  ctx: ComposeContext,
  project: Project,
  options: ServicesOptions = {},
): Promise<void> {
  return apply(ctx, project, options, 'pause');
}

/** Resumes the paused containers of the named services (all when none). */
export function unpause(
  ctx: ComposeContext,
  project: Project,
  options: ServicesOptions = {},
): Promise<void> {
  return apply(ctx, project, options, 'unpause');
}

async function apply(
  ctx: ComposeContext,
  project: Project,
  options: ServicesOptions,
  action: 'pause' | 'unpause',
): Promise<void> {
  checkServices(project, options.services);
  const containers = await listProjectContainers(ctx.engine, project.name, {
    all: false,
    services: options.services,
    signal: options.signal,
  });
  await Promise.all(
    containers.map(async (c) => {
      const name = containerNameOf(c);
      try {
        if (action === 'pause') await ctx.engine.containers.pause(c.Id, { signal: options.signal });
        else await ctx.engine.containers.unpause(c.Id, { signal: options.signal });
      } catch (err) {
        emitEvent(ctx, 'container', name, 'error', 'Error', errorText(err));
        throw err;
      }
      emitEvent(ctx, 'container', name, 'done', action === 'pause' ? 'Paused' : 'Unpaused');
    }),
  );
}
