// `images`: the images the project's containers were created from.
import type { ContainerImage, ServicesOptions } from '../api/compose.js';
import type { ImageInspect } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import {
  checkServices,
  containerNameOf,
  listProjectContainers,
  serviceOf,
} from './project-containers.js';

/**
 * Lists, for every container of the project (stopped ones and one-offs included), the image it
 * runs: repository and tag (the tag the container names when the image carries it, else the
 * image's first tag, else `<none>`), platform, ID, size and creation time (`images`).
 * @throws {ComposeError} `USAGE` for an unknown service of a loaded project, `ENGINE` on failure
 */
export async function images(
  ctx: ComposeContext,
  project: Project | string,
  options: ServicesOptions = {},
): Promise<ContainerImage[]> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') checkServices(project, options.services);
  try {
    const containers = await listProjectContainers(ctx.engine, name, {
      all: true,
      oneoff: 'include',
      services: options.services,
      signal: options.signal,
    });
    const ids = [...new Set(containers.map((c) => c.ImageID))];
    const inspected = new Map<string, ImageInspect | undefined>();
    await Promise.all(
      ids.map(async (id) => {
        inspected.set(
          id,
          await ctx.engine.images.inspect(id, { signal: options.signal }).catch(() => undefined),
        );
      }),
    );
    const out: ContainerImage[] = [];
    for (const c of containers) {
      const image = inspected.get(c.ImageID);
      const [repository, tag] = repoTag(c.Image, image?.RepoTags ?? []);
      out.push({
        container: containerNameOf(c),
        service: serviceOf(c),
        repository,
        tag,
        platform: image === undefined ? '' : platformOf(image),
        id: c.ImageID,
        size: image?.Size ?? 0,
        created: image === undefined ? 0 : Math.floor(Date.parse(image.Created) / 1000),
      });
    }
    return out;
  } catch (err) {
    throw engineFailure(err);
  }
}

/** `linux/arm64/v8` from an image's OS, architecture and variant. */
export function platformOf(image: Pick<ImageInspect, 'Os' | 'Architecture' | 'Variant'>): string {
  return [image.Os, image.Architecture, image.Variant]
    .filter((p) => p !== undefined && p !== '')
    .join('/');
}

/**
 * Splits the tag a container was created with (when the image still carries it) or the image's
 * first tag into repository and tag; `<none>` for an untagged image.
 * @example repoTag('nginx', ['nginx:latest']) // ['nginx', 'latest']
 */
export function repoTag(containerImage: string, repoTags: readonly string[]): [string, string] {
  const wanted = /:[^/]*$/.test(containerImage) ? containerImage : `${containerImage}:latest`;
  const chosen = repoTags.find((t) => t === wanted) ?? repoTags.find((t) => t !== '<none>:<none>');
  if (chosen === undefined) return ['<none>', '<none>'];
  const colon = chosen.lastIndexOf(':');
  return colon > chosen.lastIndexOf('/')
    ? [chosen.slice(0, colon), chosen.slice(colon + 1)]
    : [chosen, '<none>'];
}
