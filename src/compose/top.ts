// `top`: the processes running in the project's containers.
import type { ContainerProcesses, ServicesOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import {
  checkServices,
  containerNameOf,
  listProjectContainers,
  replicaNumber,
  serviceOf,
} from './project-containers.js';

/**
 * Lists the processes of every running container of the project (one-offs included), in service
 * and replica order (`top`).
 * @throws {ComposeError} `USAGE` for an unknown service of a loaded project, `ENGINE` on failure
 */
export async function top(
  ctx: ComposeContext,
  project: Project | string,
  options: ServicesOptions = {},
): Promise<ContainerProcesses[]> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') checkServices(project, options.services);
  try {
    const containers = await listProjectContainers(ctx.engine, name, {
      oneoff: 'include',
      services: options.services,
      signal: options.signal,
    });
    return await Promise.all(
      containers.map(async (c) => {
        const t = await ctx.engine.containers.top(c.Id, { signal: options.signal });
        return {
          container: containerNameOf(c),
          service: serviceOf(c),
          replica: replicaNumber(c),
          titles: t.Titles,
          processes: t.Processes,
        };
      }),
    );
  } catch (err) {
    throw engineFailure(err);
  }
}
