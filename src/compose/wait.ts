// `wait`: block until the project's containers stop.
import type { WaitOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { checkServices, listProjectContainers } from './project-containers.js';

/**
 * Waits until every running container of the services (one-offs included) has stopped
 * (`wait`), telling `onExit` about each one. With `downProject`, the first container to stop
 * ends the wait and the project is taken down (`down --remove-orphans`).
 * @returns the exit status of the container that stopped last (first, with `downProject`)
 * @throws {ComposeError} `RUNTIME` `no containers for project "p"` when nothing is running
 */
export async function wait(
  ctx: ComposeContext,
  project: Project | string,
  options: WaitOptions = {},
): Promise<number> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') checkServices(project, options.services);
  let status = 0;
  try {
    const containers = await listProjectContainers(ctx.engine, name, {
      oneoff: 'include',
      services: options.services,
      signal: options.signal,
    });
    if (containers.length === 0) {
      throw new ComposeError('RUNTIME', `no containers for project ${JSON.stringify(name)}`);
    }
    if (options.downProject === true) {
      // The project goes down as soon as one container stops (docker compose's --down-project).
      const stop = new AbortController();
      const forward = (): void => {
        stop.abort(options.signal?.reason);
      };
      options.signal?.addEventListener('abort', forward, { once: true });
      try {
        const first = await Promise.race(
          containers.map(async (c) => {
            const result = await ctx.engine.containers.wait(c.Id, { signal: stop.signal });
            return { id: c.Id, code: result.StatusCode };
          }),
        );
        status = first.code;
        options.onExit?.(first.id, first.code);
      } finally {
        options.signal?.removeEventListener('abort', forward);
        stop.abort();
      }
    } else {
      await Promise.all(
        containers.map(async (c) => {
          const result = await ctx.engine.containers.wait(c.Id, { signal: options.signal });
          status = result.StatusCode;
          options.onExit?.(c.Id, result.StatusCode);
        }),
      );
    }
  } catch (err) {
    throw engineFailure(err);
  }
  if (options.downProject === true) {
    const { down } = await import('./down.js');
    await down(ctx, project, { removeOrphans: true, signal: options.signal });
  }
  return status;
}
