// Images of a project: which are present locally, pulling by pull policy, building services
// with `build:`, and the image IDs recorded in the `com.docker.compose.image` label.
import { ComposeError } from '../api/errors.js';
import type { PullPolicy } from '../api/compose.js';
import {
  isEngineError,
  STREAM_ERROR,
  type ImageSummary,
  type JsonMessage,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { SharedBuilds } from './build-groups.js';
import { bakeInBatches, bakeServices, prepareBuilds, type BakeChoice } from './buildkit-build.js';
import type { BuilderChoice } from './buildx.js';
import { serviceImage } from './container-config.js';
import type { ComposeContext } from './context.js';
import { emit, engineFailure } from './emit.js';
import { LABEL } from './labels.js';
import { limitConcurrency } from './parallel.js';
import { registryOf, resolveRegistryAuth, type RegistryAuth } from './registry-auth.js';
import { registryError } from './registry-error.js';

/** `nginx` -> `nginx:latest`; references with a tag or digest are kept. */
export function normaliseReference(reference: string): string {
  if (reference.includes('@')) return reference;
  const slash = reference.lastIndexOf('/');
  return reference.lastIndexOf(':') > slash ? reference : `${reference}:latest`;
}

function shortName(tag: string): string[] {
  // The engine lists `nginx:latest` for docker.io/library/nginx:latest.
  const out = [tag];
  for (const prefix of ['docker.io/library/', 'docker.io/']) {
    if (tag.startsWith(prefix)) out.push(tag.slice(prefix.length));
  }
  return out;
}

/**
 * Local image IDs of the given references (missing ones are absent from the map), with one
 * list call.
 */
export async function localImages(
  ctx: ComposeContext,
  references: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (references.length === 0) return out;
  let images: ImageSummary[];
  try {
    images = await ctx.engine.images.list({ signal });
  } catch (err) {
    throw engineFailure(err, 'cannot list images');
  }
  const byTag = new Map<string, string>();
  for (const image of images) {
    for (const tag of image.RepoTags ?? []) byTag.set(tag, image.Id);
    for (const digest of image.RepoDigests ?? []) byTag.set(digest, image.Id);
  }
  for (const ref of references) {
    for (const candidate of shortName(normaliseReference(ref))) {
      const id = byTag.get(candidate);
      if (id !== undefined) {
        out.set(ref, id);
        break;
      }
    }
  }
  return out;
}

/** Options of {@link ensureImages}. */
export interface EnsureImagesOptions {
  /** `--pull`; `policy` (default) uses each service's `pull_policy`. */
  readonly pull?: PullPolicy | undefined;
  /** `--build`. */
  readonly build?: boolean | undefined;
  /** `--no-build`. */
  readonly noBuild?: boolean | undefined;
  readonly quietPull?: boolean | undefined;
  /** `--quiet-build`: builds report no output lines. */
  readonly quietBuild?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Called when a pull or a build starts (the images were not all at hand). */
  readonly onFetch?: (() => void) | undefined;
}

/** The pull policy that applies to a service: `--build`, then `--pull`, then its `pull_policy`. */
export function effectivePolicy(service: ServiceConfig, options: EnsureImagesOptions): string {
  if (options.build === true && service.build !== undefined) return 'build';
  const flag = options.pull;
  if (flag !== undefined && flag !== 'policy') return flag === 'if_not_present' ? 'missing' : flag;
  const own = service.pullPolicy ?? 'missing';
  return own === 'if_not_present' ? 'missing' : own;
}

/**
 * The services' configurations and the local image ID of each image reference they use.
 * @throws ComposeError `USAGE` for a service with neither image nor build
 */
export async function servicesImages(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  signal: AbortSignal | undefined,
): Promise<{ selected: ServiceConfig[]; local: Map<string, string> }> {
  const selected = services.map((s) => project.services[s]);
  for (const s of selected) {
    if ((s.image === undefined || s.image === '') && s.build === undefined) {
      throw new ComposeError(
        'USAGE',
        `invalid service "${s.name}". Must specify either image or build`,
      );
    }
  }
  const refs = [...new Set(selected.map((s) => serviceImage(project, s, ctx.compatibility)))];
  return { selected, local: await localImages(ctx, refs, signal) };
}

/**
 * Pulls and builds what the services need, per pull policy, and returns the local image ID of
 * every service's image (by service name).
 * @throws ComposeError `REGISTRY` when a needed pull fails, `BUILD` when a build fails,
 *   `USAGE` for a service with neither image nor build
 */
export async function ensureImages(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  options: EnsureImagesOptions = {},
): Promise<Map<string, string>> {
  const { selected, local } = await servicesImages(ctx, project, services, options.signal);
  const limit = limitConcurrency(ctx.parallel);
  const result = new Map<string, string>();
  const builds = new SharedBuilds(ctx, project, services);
  const pulled = new Map<string, Promise<string | undefined>>();
  // The builds that will certainly run are checked against the builder before anything starts.
  const certain = certainBuilds(ctx, project, selected, local, options);
  const builder =
    certain.length > 0
      ? await prepareBuilds(
          ctx,
          project,
          certain.map((s) => s.name),
        )
      : undefined;

  if (builder?.kind === 'bake' && certain.length > 1) {
    bakeTogether(ctx, project, builder, certain, builds, options);
  }

  const pullOnce = (ref: string, mayFail: boolean): Promise<string | undefined> => {
    let p = pulled.get(ref);
    if (p === undefined) {
      p = limit(() => pullImage(ctx, ref, options.signal, { quiet: options.quietPull })).catch(
        (err: unknown) => {
          if (mayFail) return undefined;
          throw err;
        },
      );
      pulled.set(ref, p);
    }
    return p;
  };

  await Promise.all(
    selected.map(async (service) => {
      const ref = serviceImage(project, service, ctx.compatibility);
      const policy = effectivePolicy(service, options);
      let id = local.get(ref);
      const buildable = service.build !== undefined && options.noBuild !== true;
      const named = service.image !== undefined && service.image !== '';
      const needPull =
        named &&
        (policy === 'always' || (id === undefined && policy !== 'never' && policy !== 'build'));
      if (needPull) {
        options.onFetch?.();
        const got = await pullOnce(ref, buildable || (policy === 'always' && id !== undefined));
        if (got !== undefined) id = got;
      }
      if (buildable && (policy === 'build' || id === undefined)) {
        options.onFetch?.();
        id = await builds.once(service, () =>
          limit(() =>
            buildImage(ctx, project, service, {
              signal: options.signal,
              quiet: options.quietBuild,
              alsoTag: builds.tagsOf(service),
              builder: certain.includes(service) ? builder : undefined,
            }),
          ),
        );
      }
      if (id === undefined) throw missingImage(service, ref, policy, options);
      result.set(service.name, id);
    }),
  );
  return result;
}

/**
 * With BuildKit, the builds certain to run are baked together, as docker compose builds them
 * before it creates anything: one buildx run per batch, so one display on a terminal. Each
 * build's promise is registered in `builds`, where the per-service loop of ensureImages finds
 * it; the builds a failed pull makes necessary later are baked one by one there.
 */
function bakeTogether(
  ctx: ComposeContext,
  project: Project,
  builder: BakeChoice,
  certain: readonly ServiceConfig[],
  builds: SharedBuilds,
  options: EnsureImagesOptions,
): void {
  const baked = bakeInBatches(
    ctx,
    project,
    builder,
    certain.map((s) => s.name),
    {
      tagsOf: (s) => builds.tagsOf(s),
      quiet: options.quietBuild,
      signal: options.signal,
    },
  );
  for (const service of certain) {
    // The first service of each shared build names it; the others share its promise.
    const shared = builds.once(service, async () => {
      const id = (await baked).get(service.name);
      if (id === undefined) throw new Error(`bake reported no image for service ${service.name}`);
      return id;
    });
    // The loop awaits every one of them; this keeps a failure it no longer waits for quiet.
    shared.catch(() => undefined);
  }
}

/** The services that will be built whatever the pulls give: `--build`, or no image to pull. */
function certainBuilds(
  ctx: ComposeContext,
  project: Project,
  selected: readonly ServiceConfig[],
  local: ReadonlyMap<string, string>,
  options: EnsureImagesOptions,
): ServiceConfig[] {
  return selected.filter((s) => {
    if (s.build === undefined || options.noBuild === true) return false;
    const missing = !local.has(serviceImage(project, s, ctx.compatibility));
    const named = s.image !== undefined && s.image !== '';
    return effectivePolicy(s, options) === 'build' || (missing && !named);
  });
}

/** Why a service's image is missing after the pulls and builds its policy allowed. */
function missingImage(
  service: ServiceConfig,
  ref: string,
  policy: string,
  options: EnsureImagesOptions,
): ComposeError {
  if (service.build !== undefined && options.noBuild === true) {
    return new ComposeError(
      'USAGE',
      `image ${ref} of service "${service.name}" is missing and --no-build forbids building it`,
    );
  }
  if (policy === 'never') {
    return new ComposeError(
      'REGISTRY',
      `image ${ref} of service "${service.name}" is not present locally and pull_policy is never`,
    );
  }
  return new ComposeError('REGISTRY', `no such image: ${ref}`);
}

/**
 * Pulls an image with the credentials `config.json` holds for its registry, reporting
 * `Image <ref>` Pulling/Pulled and, unless `quiet`, the progress of each layer (events whose
 * `parentId` is the image's).
 * @returns the local image ID after the pull
 * @throws ComposeError `REGISTRY` naming the image and the registry when the pull fails
 */
export async function pullImage(
  ctx: ComposeContext,
  reference: string,
  signal?: AbortSignal,
  options: { readonly quiet?: boolean | undefined } = {},
): Promise<string> {
  const registry = registryOf(reference);
  emit(ctx, 'image', reference, 'Pulling', 'working');
  let credentials: RegistryAuth = { source: 'no credentials' };
  try {
    credentials = await resolveRegistryAuth(registry);
    if (credentials.warning !== undefined) ctx.warn(credentials.warning);
    const stream = await ctx.engine.images.pull(reference, { signal, auth: credentials.auth });
    for await (const message of stream) {
      if (options.quiet !== true) reportLayer(ctx, `Image ${reference}`, message);
    }
    const image = await ctx.engine.images.inspect(reference, { signal });
    emit(ctx, 'image', reference, 'Pulled');
    return image.Id;
  } catch (err) {
    const failure = registryError('pull', reference, registry, credentials, err);
    const message = failure instanceof Error ? failure.message : String(failure);
    emit(ctx, 'image', reference, 'Error', 'error', message);
    throw failure;
  }
}

/** Reports one layer's progress message of a pull or push under its image's event. */
export function reportLayer(ctx: ComposeContext, parentId: string, message: JsonMessage): void {
  if (message.id === undefined || message.status === undefined) return;
  // Messages without progress details name the tag (`Pulling from ...`), not a layer.
  if (message.progressDetail === undefined) return;
  // The progress protocol says a layer is finished only in words (`Pull complete`, `Pushed`).
  const done = /complete|already exists|pushed|mounted from/i.test(message.status);
  ctx.events({
    id: message.id,
    kind: 'image',
    name: message.id,
    parentId,
    status: done ? 'done' : 'working',
    text: message.status,
    current: message.progressDetail.current,
    total: message.progressDetail.total,
  });
}

/** Builds one service's image with `buildx bake`. */
async function bakeOne(
  ctx: ComposeContext,
  project: Project,
  service: ServiceConfig,
  builder: BakeChoice,
  options: BuildImageOptions,
): Promise<string> {
  const ids = await bakeServices(ctx, project, builder, [service.name], {
    tagsOf: () => options.alsoTag ?? [],
    noCache: options.noCache,
    pull: options.pull,
    args: options.args,
    quiet: options.quiet,
    signal: options.signal,
  });
  const id = ids.get(service.name);
  if (id === undefined) throw new Error(`bake reported no image for service ${service.name}`);
  return id;
}

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  readonly signal?: AbortSignal | undefined;
  readonly noCache?: boolean | undefined;
  readonly pull?: boolean | undefined;
  /** `--build-arg` values, over `build.args`. */
  readonly args?: Readonly<Record<string, string | undefined>> | undefined;
  readonly quiet?: boolean | undefined;
  /** More names to tag the image with (the services that share this build). */
  readonly alsoTag?: readonly string[] | undefined;
  /** The builder, once checked by `prepareBuilds`; absent: chosen and checked for this build. */
  readonly builder?: BuilderChoice | undefined;
  /** Memory limit of the classic builder's containers, in bytes. */
  readonly memory?: number | undefined;
}

/**
 * Builds a service's image with BuildKit (`buildx bake`) when the builder is bake, else with the
 * classic builder: the context as a tar honouring
 * `.dockerignore`, tagged `<image>` (or `<project>-<service>`) and `build.tags`.
 * @returns the image ID
 * @throws ComposeError `BUILD` naming the service and the failing step
 */
export async function buildImage(
  ctx: ComposeContext,
  project: Project,
  service: ServiceConfig,
  options: BuildImageOptions = {},
): Promise<string> {
  const build = service.build;
  if (build === undefined) throw new Error(`service ${service.name} has no build section`);
  const builder = options.builder ?? (await prepareBuilds(ctx, project, [service.name]));
  if (builder.kind === 'bake') return bakeOne(ctx, project, service, builder, options);
  return buildClassic(ctx, project, service, build, options);
}

/** Builds a service's image with the engine's classic builder (`POST /build`). */
async function buildClassic(
  ctx: ComposeContext,
  project: Project,
  service: ServiceConfig,
  build: NonNullable<ServiceConfig['build']>,
  options: BuildImageOptions,
): Promise<string> {
  const tag = serviceImage(project, service, ctx.compatibility);
  emit(ctx, 'image', tag, 'Building', 'working');
  const context = build.context ?? project.workingDir;
  const remote = /^(https?:\/\/|git@|github\.com\/)/.test(context) || context.endsWith('.git');
  // The build modules (tar streams, .dockerignore, fs/promises) load only when a build runs.
  const { createBuildContext } = await import('../build/build-context.js');
  const { readBuildOutput } = await import('../build/build-output.js');
  try {
    const prepared = remote
      ? undefined
      : await createBuildContext({
          context,
          dockerfile: build.dockerfile,
          dockerfileInline: build.dockerfileInline,
        }).catch((err: unknown) => {
          throw new ComposeError(
            'BUILD',
            `build of service "${service.name}" failed: ${(err as Error).message}`,
            { cause: err },
          );
        });
    const args: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(build.args ?? {})) args[k] = v;
    for (const [k, v] of Object.entries(options.args ?? {})) {
      args[k] = v ?? (Object.hasOwn(project.environment, k) ? project.environment[k] : null);
    }
    const stream = await ctx.engine.images.build(prepared?.tar, {
      tags: [...new Set([tag, ...(build.tags ?? []), ...(options.alsoTag ?? [])])],
      dockerfile: prepared?.dockerfile ?? build.dockerfile,
      target: build.target,
      buildArgs: args,
      labels: { ...build.labels, [LABEL.imageBuilder]: 'classic' },
      noCache: options.noCache === true || build.noCache === true,
      pull: options.pull === true || build.pull === true,
      networkMode: build.network,
      extraHosts:
        build.extraHosts === undefined
          ? undefined
          : Object.entries(build.extraHosts).flatMap(([h, ips]) => ips.map((ip) => `${h}:${ip}`)),
      shmSize: build.shmSize,
      cacheFrom: build.cacheFrom,
      platform: service.platform,
      isolation: build.isolation,
      memory: options.memory,
      remote: remote ? context : undefined,
      signal: options.signal,
    });
    const id = await readBuildOutput(stream, {
      service: service.name,
      isStreamError: (err) => isEngineError(err) && err.code === STREAM_ERROR,
      onEvent: (e) => {
        if (options.quiet === true) return;
        if (e.kind === 'line' || e.kind === 'step') {
          const details =
            e.kind === 'line' ? e.text : `Step ${e.step}/${e.total} : ${e.instruction}`;
          emit(ctx, 'image', tag, 'Building', 'working', details);
        }
      },
    });
    emit(ctx, 'image', tag, 'Built');
    return id.startsWith('sha256:') ? id : (await ctx.engine.images.inspect(tag)).Id;
  } catch (err) {
    emit(ctx, 'image', tag, 'Error', 'error', err instanceof Error ? err.message : String(err));
    throw engineFailure(err, `build of service "${service.name}" failed`);
  }
}
