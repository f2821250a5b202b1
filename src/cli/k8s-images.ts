/**
 * `k8s deploy --build [--push]`: the images of the services with `build:` built as `flotilla
 * build` builds them and, with `--push`, pushed to the registry their `image:` names and
 * deployed by digest, so that every node runs what was built (as `stack deploy --build --push`).
 */
import type { Compose } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';

/**
 * Builds the selected services that have `build:` and, with `push`, pushes their images.
 * @param services the services to deploy (all when empty)
 * @returns the image to run by service key: `repository@sha256:...` when pushed, else the tag
 * @throws ComposeError `USAGE` when `push` is asked for a service whose image names no registry
 *   repository (no `image:`), `BUILD`, `REGISTRY`
 */
export async function buildForCluster(
  compose: Compose,
  project: Project,
  services: readonly string[],
  push: boolean,
): Promise<Record<string, string>> {
  const built = Object.values(project.services).filter(
    (s) => s.build !== undefined && (services.length === 0 || services.includes(s.name)),
  );
  const images: Record<string, string> = {};
  if (built.length === 0) return images;
  if (push) {
    const unnamed = built.filter((s) => s.image === undefined).map((s) => s.name);
    if (unnamed.length > 0) {
      throw new ComposeError(
        'USAGE',
        `--push needs an image: naming the repository to push to for ${unnamed.join(', ')} (services.${unnamed[0]}.image)`,
      );
    }
  }
  const names = built.map((s) => s.name);
  await compose.build(project, { services: names });
  if (!push) {
    for (const s of built) images[s.name] = s.image ?? `${project.name}-${s.name}`;
    return images;
  }
  await compose.push(project, { services: names });
  const { createEngineClient, splitReference } = await import('../engine/index.js');
  const engine = createEngineClient();
  for (const s of built) {
    const ref = s.image!;
    const { repository } = splitReference(ref);
    const inspect = await engine.images.inspect(ref);
    const digest = (inspect.RepoDigests ?? []).find((d) => d.startsWith(`${repository}@`));
    if (digest === undefined) {
      throw new ComposeError(
        'REGISTRY',
        `pushed ${ref} but the engine recorded no digest for ${repository}`,
      );
    }
    images[s.name] = digest;
  }
  return images;
}
