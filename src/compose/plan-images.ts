// The images of the plan of `up`/`create`: the read-only twin of ensureImages (images.ts),
// saying which would be pulled or built, and the image IDs present now.
import type { UpOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { PlanStep } from '../api/plan.js';
import type { Project } from '../model/project.js';
import { serviceImage } from './container-config.js';
import type { ComposeContext } from './context.js';
import { effectivePolicy, servicesImages } from './images.js';

/**
 * The image steps (pull, build) and the image IDs known now, by service, by the pull policy
 * ensureImages applies.
 * @throws ComposeError `USAGE` for a service with neither image nor build, `REGISTRY` for an
 *   image that is missing and may be neither pulled nor built
 */
export async function planImages(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  options: UpOptions,
): Promise<{ steps: PlanStep[]; ids: Map<string, string> }> {
  const { selected, local } = await servicesImages(ctx, project, services, options.signal);
  const steps: PlanStep[] = [];
  const seen = new Set<string>();
  const ids = new Map<string, string>();
  for (const service of selected) {
    const ref = serviceImage(project, service, ctx.compatibility);
    const id = local.get(ref);
    if (id !== undefined) ids.set(service.name, id);
    const policy = effectivePolicy(service, options);
    const buildable = service.build !== undefined && options.noBuild !== true;
    const named = service.image !== undefined && service.image !== '';
    const pull =
      named &&
      (policy === 'always' || (id === undefined && policy !== 'never' && policy !== 'build'));
    const build = buildable && (policy === 'build' || (id === undefined && !pull));
    if (id === undefined && !pull && !build) {
      throw new ComposeError(
        'REGISTRY',
        policy === 'never'
          ? `image ${ref} of service "${service.name}" is not present locally and pull_policy is never`
          : `no such image: ${ref}`,
      );
    }
    if ((!pull && !build) || seen.has(ref)) continue;
    seen.add(ref);
    const why =
      id === undefined ? 'not present locally' : pull ? 'pull policy "always"' : '--build';
    steps.push({
      kind: 'image',
      name: ref,
      service: service.name,
      action: pull ? 'pull' : 'build',
      reasons: [{ field: 'image', text: `image: ${why}` }],
    });
  }
  return { steps, ids };
}
