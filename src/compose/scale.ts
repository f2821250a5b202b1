// `scale`: new replica counts for some services, converged with the create machinery (scale
// overrides) and then started — their dependencies too, unless `noDeps`.
import type { ScaleOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { createProject } from './create.js';
import { startProject } from './start.js';

/**
 * `scale`: sets the replica count of each service in `options.scale` and converges it: new
 * replicas take the numbers after the highest existing one, excess ones (obsolete first, then
 * the highest numbers) are stopped and removed, and the rest are started.
 * @throws {ComposeError} `USAGE` for an unknown service or a negative count
 */
export async function scale(
  ctx: ComposeContext,
  project: Project,
  options: ScaleOptions,
): Promise<void> {
  const services = Object.keys(options.scale);
  if (services.length === 0) throw new ComposeError('USAGE', 'scale requires SERVICE=REPLICAS');
  for (const [name, replicas] of Object.entries(options.scale)) {
    if (!Object.hasOwn(project.services, name)) {
      throw new ComposeError('USAGE', `no such service: ${name}`);
    }
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new ComposeError('USAGE', `invalid replica count for ${name}: ${replicas}`);
    }
  }
  const created = await createProject(ctx, project, {
    services,
    scale: options.scale,
    noDeps: options.noDeps,
    signal: options.signal,
  });
  await startProject(ctx, project, {
    services: created.services,
    containers: created.containers,
    scale: options.scale,
    signal: options.signal,
  });
}
