// Builds with BuildKit (`buildx bake`) or the classic builder, chosen once per run; what a build
// needs of its builder is checked for every service before anything is built.
import { readFile } from 'node:fs/promises';
import { join, isAbsolute } from 'node:path';
import { ComposeError } from '../api/errors.js';
import type { SshKey } from '../model/build.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import {
  bakeDefinition,
  bakeTargetNames,
  isRemoteContext,
  type BakeBuild,
} from './bake-definition.js';
import { droppedKeys, runBake } from './bake.js';
import { buildFieldProblems } from './build-field-checks.js';
import { buildKey } from './build-groups.js';
import { chooseBuilder, HOW_TO_GET_BUILDX, unknownBuilder, type BuilderChoice } from './buildx.js';
import {
  buildkitSyntax,
  classicBuilderGaps,
  dockerDriverGaps,
  sshAgentGaps,
  type BuildNeed,
} from './buildkit-needs.js';
import { serviceImage } from './container-config.js';
import type { ComposeContext } from './context.js';
import { emit } from './emit.js';
import { formatPath } from '../model/path.js';

/** The Dockerfile text of a service's build, when it is local (undefined for a remote one). */
async function dockerfileText(
  project: Project,
  service: ServiceConfig,
): Promise<string | undefined> {
  const build = service.build;
  if (build === undefined) return undefined;
  if (build.dockerfileInline !== undefined) return build.dockerfileInline;
  const context = build.context ?? project.workingDir;
  if (isRemoteContext(context)) return undefined;
  const file = build.dockerfile ?? 'Dockerfile';
  try {
    return await readFile(isAbsolute(file) ? file : join(context, file), 'utf8');
  } catch {
    return undefined; // the build itself reports a missing Dockerfile
  }
}

function needsError(service: string, text: string): ComposeError {
  return new ComposeError('BUILD', `service "${service}" ${text}. Nothing was built.`);
}

function listed(needs: readonly BuildNeed[]): string {
  return needs.map((n) => n.what).join(', ');
}

/**
 * Chooses the builder (`ctx.builder`, else as docker compose decides, `builder` being
 * `build --builder`) and checks every service to build against it, before any build starts.
 * @throws ComposeError `BUILD` naming the service and the field or Dockerfile line that the
 *   builder cannot do, and how to get BuildKit; `USAGE` for a builder buildx does not know
 */
export async function prepareBuilds(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  builder?: string,
): Promise<BuilderChoice> {
  const choice = ctx.builder ?? chooseBuilder(undefined, builder);
  const built = services.map((s) => project.services[s]).filter((s) => s.build !== undefined);
  if (built.length === 0) return choice;
  await checkBuildFields(ctx, project, built);
  const unknown = unknownBuilder(choice);
  if (unknown !== undefined) {
    throw new ComposeError('USAGE', `cannot build: ${unknown}. Nothing was built.`);
  }
  if (choice.kind === 'classic') {
    const gap = await classicGap(project, built);
    if (gap !== undefined) {
      throw needsError(
        gap.service,
        `needs BuildKit for ${listed(gap.needs)}, but ${choice.reason}: ${HOW_TO_GET_BUILDX}`,
      );
    }
    return choice;
  }
  for (const service of built) {
    const needs = sshAgentGaps(service, process.env);
    if (needs.length > 0) throw needsError(service.name, `cannot be built: ${listed(needs)}`);
  }
  const dropped = await droppedField(ctx, project, choice.buildx, built);
  if (dropped !== undefined) {
    const left = `this docker buildx (${choice.buildx}) leaves build.${dropped.field} out of its bake definition`;
    // The classic builder honours the field: it builds them all when none needs BuildKit.
    if ((await classicGap(project, built)) === undefined) {
      ctx.info?.(
        `Building with the classic builder: service "${dropped.service}" sets build.${dropped.field}, and ${left}`,
      );
      return { kind: 'classic', reason: left };
    }
    throw needsError(
      dropped.service,
      `sets build.${dropped.field}, but ${left}, and another build needs BuildKit: a newer buildx (0.17+) passes it on`,
    );
  }
  if (choice.dockerDriver) {
    await ctx.engine.negotiate();
    const engine = { modernFrontend: ctx.engine.supports('1.42') };
    for (const service of built) {
      const needs = dockerDriverGaps(service, engine, await dockerfileText(project, service));
      if (needs.length > 0) {
        throw needsError(
          service.name,
          `asks for what the engine's own BuildKit (the buildx docker driver) cannot do: ` +
            `${listed(needs)}; select another builder (build --builder NAME or BUILDX_BUILDER; ` +
            'docker buildx create makes one) or leave these out',
        );
      }
    }
    // Before Engine 23 (API 1.42) the engine's BuildKit keeps no build history and makes no
    // provenance, the only places the commit and remote URL buildx reads with git would go.
    if (!engine.modernFrontend) return { ...choice, gitInfo: false };
  }
  return choice;
}

/**
 * Refuses a build field value that no builder accepts (a cache spec, an ssh entry), naming its
 * place: `file:line:col` (through `ctx.locate`), the dotted path and the value.
 * @throws ComposeError `CONSISTENCY`
 */
async function checkBuildFields(
  ctx: ComposeContext,
  project: Project,
  built: readonly ServiceConfig[],
): Promise<void> {
  for (const service of built) {
    const problem = buildFieldProblems(service).at(0);
    if (problem === undefined) continue;
    const path = formatPath(problem.path);
    throw new ComposeError(
      'CONSISTENCY',
      `${path}: invalid value ${JSON.stringify(problem.value)}: ${problem.why}. Nothing was built.`,
      { path, location: await ctx.locate?.(project.composeFiles, problem.path) },
    );
  }
}

/** The first service the classic builder cannot build, with what it needs of BuildKit. */
async function classicGap(
  project: Project,
  built: readonly ServiceConfig[],
): Promise<{ service: string; needs: BuildNeed[] } | undefined> {
  for (const service of built) {
    const text = await dockerfileText(project, service);
    const needs = [
      ...classicBuilderGaps(service),
      ...(text === undefined ? [] : buildkitSyntax(text)),
    ];
    if (needs.length > 0) return { service: service.name, needs };
  }
  return undefined;
}

/** The first field the services set that this buildx would silently leave out, if any. */
async function droppedField(
  ctx: ComposeContext,
  project: Project,
  buildx: string,
  built: readonly ServiceConfig[],
): Promise<{ service: string; field: string } | undefined> {
  const dropped = await droppedKeys(
    buildx,
    projectBake(
      ctx,
      project,
      built.map((s) => s.name),
    ),
  );
  if (dropped.length === 0) return undefined;
  const bake = bakeTargetNames(project);
  const field = { network: 'network', 'extra-hosts': 'extra_hosts', entitlements: 'entitlements' };
  const first = dropped[0];
  const dot = first.indexOf('.');
  const service = [...bake].find(([, t]) => t === first.slice(0, dot))?.[0] ?? first.slice(0, dot);
  return { service, field: field[first.slice(dot + 1) as keyof typeof field] };
}

/** A choice of BuildKit: the buildx plugin, the builder it selects, and its git information. */
export type BakeChoice = Extract<BuilderChoice, { kind: 'bake' }>;

/** Options of {@link bakeServices}. */
export interface BakeServicesOptions {
  /** Every tag each service's image gets (shared builds), its own first. */
  readonly tagsOf?: ((service: ServiceConfig) => readonly string[]) | undefined;
  readonly noCache?: boolean | undefined;
  readonly pull?: boolean | undefined;
  readonly args?: Readonly<Record<string, string | undefined>> | undefined;
  /** `build --ssh`, added to every build's `ssh`. */
  readonly ssh?: readonly SshKey[] | undefined;
  /** `build --push`: images with an `image:` name are pushed (multi-platform ones by bake). */
  readonly push?: boolean | undefined;
  /** `build --sbom` / `--provenance`: bake's flags of the same names, for every target. */
  readonly sbom?: string | undefined;
  readonly provenance?: string | undefined;
  readonly quiet?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The bake definition of building `services` (the targets of all buildable ones). */
export function projectBake(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  options: BakeServicesOptions = {},
): BakeBuild {
  const own = (s: ServiceConfig): readonly string[] => [
    serviceImage(project, s, ctx.compatibility),
    ...(s.build?.tags ?? []),
  ];
  return bakeDefinition(project, services, {
    tagsOf: (s) => {
      const shared = options.tagsOf?.(s) ?? [];
      return [...new Set(shared.length > 0 ? shared : own(s))];
    },
    composeVersion: ctx.composeVersion,
    noCache: options.noCache,
    pull: options.pull,
    args: options.args,
    ssh: options.ssh,
    push: options.push,
  });
}

/**
 * Builds `services` with one `buildx bake` run (bake builds its targets in parallel), reporting
 * `Image <tag>` Building/Built.
 * @returns the image ID by service name
 * @throws ComposeError `BUILD` with buildx's error, naming the services
 */
export async function bakeServices(
  ctx: ComposeContext,
  project: Project,
  choice: BakeChoice,
  services: readonly string[],
  options: BakeServicesOptions = {},
): Promise<Map<string, string>> {
  const bake = projectBake(ctx, project, services, options);
  const tty = ctx.buildkitOutput?.tty === true;
  const tags = new Map(
    services.map((s) => [s, serviceImage(project, project.services[s], ctx.compatibility)]),
  );
  // buildx draws its own terminal display: the progress renderer stays quiet until it is done.
  if (!tty) for (const tag of tags.values()) emit(ctx, 'image', tag, 'Building', 'working');
  let ids: Map<string, string>;
  try {
    ids = await runBake(ctx, choice.buildx, bake, {
      services,
      builder: choice.builder,
      gitInfo: choice.gitInfo,
      sbom: options.sbom,
      provenance: options.provenance,
      quiet: options.quiet,
      signal: options.signal,
      onLine: (line) => {
        for (const tag of tags.values()) emit(ctx, 'image', tag, 'Building', 'working', line);
      },
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    for (const tag of tags.values()) emit(ctx, 'image', tag, 'Error', 'error', message);
    throw err;
  }
  const out = new Map<string, string>();
  for (const [service, tag] of tags) {
    const id =
      ids.get(bake.targets.get(service) ?? service) ??
      (await ctx.engine.images.inspect(tag, { signal: options.signal })).Id;
    out.set(service, id);
    emit(ctx, 'image', tag, 'Built');
  }
  return out;
}

/**
 * Builds `services` with as few `buildx bake` runs as `ctx.parallel` allows: services with the
 * same build section are built once (the first of them names the build), and each batch of at
 * most `ctx.parallel` distinct builds is one run.
 * @returns the image ID by the name of each service that named a build
 * @throws ComposeError `BUILD` as {@link bakeServices}
 */
export async function bakeInBatches(
  ctx: ComposeContext,
  project: Project,
  choice: BakeChoice,
  services: readonly string[],
  options: BakeServicesOptions = {},
): Promise<Map<string, string>> {
  const seen = new Set<string>();
  const distinct = services.filter((s) => {
    const key = buildKey(project.services[s]) ?? s;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const size = ctx.parallel > 0 ? ctx.parallel : distinct.length;
  const ids = new Map<string, string>();
  for (let i = 0; i < distinct.length; i += size) {
    const batch = await bakeServices(ctx, project, choice, distinct.slice(i, i + size), options);
    for (const [service, id] of batch) ids.set(service, id);
  }
  return ids;
}
