// `kill`: send a signal to the project's running containers.
import type { KillOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { removeContainers } from './down.js';
import {
  checkServices,
  containerNameOf,
  emitEvent,
  listProjectContainers,
  orphanContainers,
} from './project-containers.js';
import { errorText } from './stop.js';

/**
 * Sends `killSignal` (default SIGKILL) to every running container of the named services, in
 * parallel. With nothing running, reports `No container to kill` and succeeds. With
 * `removeOrphans`, containers of services no longer in the project are stopped and removed.
 * @throws {ComposeError} `USAGE` for an unknown service; engine failures propagate
 */
export async function kill(
  ctx: ComposeContext,
  project: Project,
  options: KillOptions = {},
): Promise<void> {
  checkServices(project, options.services);
  const signal = options.killSignal ?? 'SIGKILL';
  const running = await listProjectContainers(ctx.engine, project.name, {
    all: false,
    signal: options.signal,
  });
  if (options.removeOrphans === true) {
    const orphans = orphanContainers(running, [
      ...Object.keys(project.services),
      ...Object.keys(project.disabledServices),
    ]);
    await removeContainers(ctx, orphans, { signal: options.signal });
  }
  const wanted =
    options.services !== undefined && options.services.length > 0
      ? new Set(options.services)
      : new Set(Object.keys(project.services));
  const targets = running.filter((c) => wanted.has(c.Labels?.['com.docker.compose.service'] ?? ''));
  if (targets.length === 0) {
    ctx.info?.('No container to kill');
    return;
  }
  await Promise.all(
    targets.map(async (c) => {
      const name = containerNameOf(c);
      emitEvent(ctx, 'container', name, 'working', 'Killing');
      try {
        await ctx.engine.containers.kill(c.Id, { killSignal: signal, signal: options.signal });
      } catch (err) {
        emitEvent(ctx, 'container', name, 'error', 'Error', errorText(err));
        throw err;
      }
      emitEvent(ctx, 'container', name, 'done', 'Killed');
    }),
  );
}
