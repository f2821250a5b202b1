// `volumes`: the volumes labelled with the project, optionally only those its services mount.
import type { ProjectVolume, ServicesOptions } from '../api/compose.js';
import type { Volume } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { checkServices, listProjectContainers, listProjectVolumes } from './project-containers.js';

/**
 * Lists the volumes that carry the project's label, sorted by name (`volumes`). With services,
 * only the project volumes that those services' containers mount; stopped containers and
 * one-offs count too, where docker compose looks at running containers only, so that a stopped
 * service does not seem to have no volumes.
 * @throws {ComposeError} `USAGE` for an unknown service of a loaded project, `ENGINE` on failure
 * @example await volumes(ctx, 'shop', { services: ['db'] }) // [{ name: 'shop_data', ... }]
 */
export async function volumes(
  ctx: ComposeContext,
  project: Project | string,
  options: ServicesOptions = {},
): Promise<ProjectVolume[]> {
  const name = typeof project === 'string' ? project : project.name;
  const services = options.services ?? [];
  if (typeof project !== 'string') checkServices(project, services);
  try {
    const [list, containers] = await Promise.all([
      listProjectVolumes(ctx.engine, name, { signal: options.signal }),
      services.length === 0
        ? undefined
        : listProjectContainers(ctx.engine, name, {
            all: true,
            oneoff: 'include',
            services,
            signal: options.signal,
          }),
    ]);
    let kept = list;
    if (containers !== undefined) {
      const mounted = new Set(containers.flatMap((c) => c.Mounts.map((m) => m.Name ?? '')));
      kept = list.filter((v) => mounted.has(v.Name));
    }
    return kept.map(projectVolume).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    throw engineFailure(err);
  }
}

function projectVolume(v: Volume): ProjectVolume {
  return {
    name: v.Name,
    driver: v.Driver,
    scope: v.Scope,
    mountpoint: v.Mountpoint,
    labels: v.Labels ?? {},
    createdAt: v.CreatedAt ?? '',
  };
}
