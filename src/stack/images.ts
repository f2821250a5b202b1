// The images a stack's nodes run: built and pushed by flotilla (`--build --push`, deployed by
// digest), or named by the file and pinned to their registry digest (`--resolve-image`).
import { ComposeError } from '../api/errors.js';
import type { ResolveImage } from '../api/stack.js';
import {
  isAbortError,
  splitReference,
  type AuthConfig,
  type SwarmPlatform,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from '../compose/context.js';
import { buildImage } from '../compose/images.js';
import { limitConcurrency } from '../compose/parallel.js';
import { pushImage } from '../compose/push.js';

/**
 * Builds every service with `build:` (as `flotilla build` does) and, with `push`, pushes the
 * image its `image:` names and returns it pinned by digest (`registry/app@sha256:...`), so that
 * every node runs the same image. Without `push` the local tag is returned: only nodes that
 * hold the image can run it.
 * @returns the image to run, by service key
 * @throws ComposeError `BUILD` or `REGISTRY`
 */
export async function buildAndPush(
  ctx: ComposeContext,
  project: Project,
  options: { push: boolean; signal?: AbortSignal | undefined },
): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  const limit = limitConcurrency(ctx.parallel);
  const built = Object.values(project.services).filter((s) => s.build !== undefined);
  await Promise.all(
    built.map((service) =>
      limit(async () => {
        await buildImage(ctx, project, service, { signal: options.signal });
        const ref = service.image!;
        if (!options.push) {
          images.set(service.name, ref);
          return;
        }
        await pushImage(ctx, ref, options.signal);
        images.set(service.name, await pushedDigestReference(ctx, ref, options.signal));
      }),
    ),
  );
  return images;
}

/** `repository@digest` of an image just pushed, from the engine's record of its digests. */
async function pushedDigestReference(
  ctx: ComposeContext,
  ref: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const { repository } = splitReference(ref);
  const inspect = await ctx.engine.images.inspect(ref, { signal });
  const digest = (inspect.RepoDigests ?? []).find((d) => d.startsWith(`${repository}@`));
  if (digest === undefined) {
    throw new ComposeError(
      'REGISTRY',
      `pushed ${ref} but the engine recorded no digest for ${repository}`,
    );
  }
  return digest;
}

/** What resolving an image in its registry gave. */
export interface ResolvedImage {
  /** `name:tag@sha256:...`, or the image as given when it could not be resolved. */
  readonly image: string;
  readonly platforms?: SwarmPlatform[] | undefined;
  /** Why it could not be resolved, in the docker CLI's words. */
  readonly warning?: string | undefined;
}

/** True when `resolveImage` asks for a registry lookup of `image` (`changed`: when it changed). */
export function shouldResolve(
  resolveImage: ResolveImage,
  image: string,
  deployedImageLabel: string | undefined,
): boolean {
  if (image.includes('@')) return false;
  if (resolveImage === 'always') return true;
  if (resolveImage === 'changed') return image !== deployedImageLabel;
  return false;
}

/**
 * Asks the registry (through the engine) for the digest of `image` and the platforms it is
 * built for. A registry that cannot be reached is a warning, as with the docker CLI: every node
 * then resolves the tag on its own.
 */
export async function resolveImageDigest(
  ctx: ComposeContext,
  image: string,
  auth: AuthConfig | undefined,
  signal: AbortSignal | undefined,
): Promise<ResolvedImage> {
  try {
    const info = await ctx.engine.distribution.inspect(image, { auth, signal });
    const platforms = (info.Platforms ?? [])
      .filter((p) => p.os !== undefined || p.architecture !== undefined)
      .map((p) => ({
        ...(p.architecture !== undefined ? { Architecture: p.architecture } : {}),
        ...(p.os !== undefined ? { OS: p.os } : {}),
      }));
    return {
      image: `${image}@${info.Descriptor.digest}`,
      platforms: platforms.length > 0 ? platforms : undefined,
    };
  } catch (err) {
    if (isAbortError(err)) throw err;
    return {
      image,
      warning: `image ${image} could not be accessed on a registry to record its digest. Each node will access ${image} independently, possibly leading to different nodes running different versions of the image.`,
    };
  }
}
