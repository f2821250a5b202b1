// The bake definition (`docker buildx bake --file -`, JSON) of a project's builds: one target per
// service with a `build:` section, as docker compose's bake delegation maps them.
import { isAbsolute, join } from 'node:path';
import type { SshKey } from '../model/build.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { LABEL } from './labels.js';

/** One bake target: the fields of buildx's bake file that compose's build section maps to. */
export interface BakeTarget {
  context?: string;
  contexts?: Record<string, string>;
  dockerfile?: string;
  'dockerfile-inline'?: string;
  args?: Record<string, string>;
  labels?: Record<string, string>;
  tags?: string[];
  'cache-from'?: string[];
  'cache-to'?: string[];
  target?: string;
  secret?: string[];
  ssh?: string[];
  platforms?: string[];
  pull?: boolean;
  'no-cache'?: boolean;
  'no-cache-filter'?: string[];
  network?: string;
  'shm-size'?: string;
  ulimits?: string[];
  entitlements?: string[];
  'extra-hosts'?: Record<string, string>;
  output?: string[];
  attest?: string[];
}

/** A bake file: the `default` group names the targets to build. */
export interface BakeDefinition {
  group: { default: { targets: string[] } };
  target: Record<string, BakeTarget>;
}

/** Options of {@link bakeDefinition}. */
export interface BakeDefinitionOptions {
  /** Every tag of each built service's image, its own first (shared builds: all of them). */
  readonly tagsOf: (service: ServiceConfig) => readonly string[];
  /** The `com.docker.compose.version` label value. */
  readonly composeVersion: string;
  readonly noCache?: boolean | undefined;
  readonly pull?: boolean | undefined;
  /** `--build-arg` values over `build.args`; undefined takes the project environment's. */
  readonly args?: Readonly<Record<string, string | undefined>> | undefined;
  /** `build --ssh`: added to every target's `ssh`. */
  readonly ssh?: readonly SshKey[] | undefined;
  /** `build --push`: a multi-platform image with an `image:` name is pushed by bake. */
  readonly push?: boolean | undefined;
}

/** A bake definition with what travels beside it. */
export interface BakeBuild {
  readonly definition: BakeDefinition;
  /** Bake target name by service name (every service with a build section). */
  readonly targets: ReadonlyMap<string, string>;
  /**
   * Variables bake reads `type=env` build secrets from: given to the buildx process's
   * environment only, never written anywhere.
   */
  readonly secretEnv: Readonly<Record<string, string>>;
}

/** A URL or git context, which bake fetches itself (no local path to resolve). */
export function isRemoteContext(context: string): boolean {
  return (
    /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/)/.test(context) || context.endsWith('.git')
  );
}

/**
 * Bake target names: the service name with `.` replaced by `_` (bake's names allow no dots),
 * allocated in sorted order and made unique with trailing `_`, as docker compose names them.
 */
export function bakeTargetNames(project: Project): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const name of Object.keys(project.services).sort()) {
    let t = name.replaceAll('.', '_');
    while (used.has(t)) t += '_';
    used.add(t);
    out.set(name, t);
  }
  return out;
}

/** `${` would be interpolated by bake: written as `$${`, so values reach the build unchanged. */
function literal(value: string): string {
  return value.split('${').join('$${');
}

/** `build.args` with `--build-arg` over them; valueless ones from the project environment. */
export function buildArgs(
  project: Project,
  service: ServiceConfig,
  overrides: Readonly<Record<string, string | undefined>> = {},
): Record<string, string> {
  const merged: Record<string, string | null | undefined> = { ...service.build?.args };
  for (const [k, v] of Object.entries(overrides)) merged[k] = v ?? null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) {
    const value = v ?? (Object.hasOwn(project.environment, k) ? project.environment[k] : undefined);
    if (value !== undefined) out[k] = literal(value);
  }
  return out;
}

/** The labels docker compose puts on the images it builds with BuildKit. */
export function imageLabels(
  project: Project,
  service: ServiceConfig,
  composeVersion: string,
): Record<string, string> {
  return {
    ...service.build?.labels,
    [LABEL.version]: composeVersion,
    [LABEL.project]: project.name,
    [LABEL.service]: service.name,
  };
}

/** `build.secrets` as bake secret specs, and the environment the `type=env` ones read. */
export function bakeSecrets(
  project: Project,
  service: ServiceConfig,
): { specs: string[]; env: Record<string, string> } {
  const specs: string[] = [];
  const env: Record<string, string> = {};
  for (const ref of service.build?.secrets ?? []) {
    const def = Object.hasOwn(project.secrets, ref.source)
      ? project.secrets[ref.source]
      : undefined;
    const id = ref.target ?? ref.source;
    if (def?.environment !== undefined && def.environment !== '') {
      const name = def.environment;
      const value = Object.hasOwn(project.environment, name)
        ? project.environment[name]
        : def.content;
      if (value !== undefined) env[name] = value;
      specs.push(`id=${id},type=env,env=${name}`);
    } else if (def?.file !== undefined) {
      specs.push(`id=${id},type=file,src=${def.file}`);
    }
  }
  return { specs, env };
}

function dockerfilePath(context: string, dockerfile: string | undefined): string | undefined {
  if (dockerfile === undefined || dockerfile === '') return undefined;
  if (isRemoteContext(context) || isAbsolute(dockerfile)) return dockerfile;
  return join(context, dockerfile);
}

function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : [...list];
}

function outputOf(service: ServiceConfig, push: boolean): string[] {
  // Several platforms cannot be loaded into the engine: built, kept in the build cache, or pushed
  // (a single-platform image is loaded, then pushed by the engine, as docker compose 2.26 does).
  const named = service.image !== undefined && service.image !== '';
  return (service.build?.platforms?.length ?? 0) > 1
    ? [`type=image,push=${String(push && named)}`]
    : ['type=docker'];
}

function attestOf(service: ServiceConfig): string[] | undefined {
  const out: string[] = [];
  for (const [kind, value] of [
    ['provenance', service.build?.provenance],
    ['sbom', service.build?.sbom],
  ] as const) {
    if (value === undefined || value === '' || value === 'false') continue;
    out.push(value === 'true' ? `type=${kind}` : `type=${kind},${value}`);
  }
  return nonEmpty(out);
}

/** The bake target of one service (its build section must be present). */
export function bakeTarget(
  project: Project,
  service: ServiceConfig,
  targets: ReadonlyMap<string, string>,
  options: BakeDefinitionOptions,
): { target: BakeTarget; secretEnv: Record<string, string> } {
  const build = service.build ?? {};
  const context = build.context ?? project.workingDir;
  const contexts: Record<string, string> = {};
  for (const [name, value] of Object.entries(build.additionalContexts ?? {})) {
    contexts[name] = value.startsWith('service:')
      ? `target:${targets.get(value.slice('service:'.length)) ?? value.slice('service:'.length)}`
      : value;
  }
  const secrets = bakeSecrets(project, service);
  const ulimits = Object.entries(build.ulimits ?? {}).map(([name, u]) =>
    u.single !== undefined ? `${name}=${u.single}` : `${name}=${u.soft ?? 0}:${u.hard ?? 0}`,
  );
  const extraHosts = Object.entries(build.extraHosts ?? {});
  const entitlements = [...(build.entitlements ?? [])];
  if (build.privileged === true && !entitlements.includes('security.insecure')) {
    entitlements.push('security.insecure');
  }
  const args = buildArgs(project, service, options.args);
  const target: BakeTarget = {
    context,
    contexts: Object.keys(contexts).length > 0 ? contexts : undefined,
    dockerfile: dockerfilePath(context, build.dockerfile),
    'dockerfile-inline':
      build.dockerfileInline === undefined ? undefined : literal(build.dockerfileInline),
    args: Object.keys(args).length > 0 ? args : undefined,
    labels: imageLabels(project, service, options.composeVersion),
    tags: [...options.tagsOf(service)],
    'cache-from': nonEmpty(build.cacheFrom),
    'cache-to': nonEmpty(build.cacheTo),
    target: build.target,
    secret: nonEmpty(secrets.specs),
    ssh: nonEmpty(
      [...(build.ssh ?? []), ...(options.ssh ?? [])].map((k) =>
        k.path === undefined || k.path === '' ? k.id : `${k.id}=${k.path}`,
      ),
    ),
    platforms: nonEmpty(build.platforms),
    pull: build.pull === true || options.pull === true ? true : undefined,
    'no-cache': build.noCache === true || options.noCache === true ? true : undefined,
    'no-cache-filter': nonEmpty(build.noCacheFilter),
    network: build.network,
    'shm-size': build.shmSize === undefined ? undefined : String(build.shmSize),
    ulimits: nonEmpty(ulimits),
    entitlements: nonEmpty(entitlements),
    'extra-hosts':
      extraHosts.length > 0
        ? Object.fromEntries(extraHosts.map(([h, ips]) => [h, ips.join(',')]))
        : undefined,
    output: outputOf(service, options.push === true),
    attest: attestOf(service),
  };
  for (const key of Object.keys(target) as (keyof BakeTarget)[]) {
    if (target[key] === undefined) Reflect.deleteProperty(target, key);
  }
  return { target, secretEnv: secrets.env };
}

/**
 * The bake definition of a project: a target for every service with a build section (so that
 * `additional_contexts: service:x` resolves), and a `default` group of the ones to build.
 * Secrets appear as references (`type=env`/`type=file`), never their content.
 */
export function bakeDefinition(
  project: Project,
  build: readonly string[],
  options: BakeDefinitionOptions,
): BakeBuild {
  const targets = bakeTargetNames(project);
  const target: Record<string, BakeTarget> = {};
  const secretEnv: Record<string, string> = {};
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name];
    if (service.build === undefined) continue;
    const made = bakeTarget(project, service, targets, options);
    target[targets.get(name) ?? name] = made.target;
    Object.assign(secretEnv, made.secretEnv);
  }
  const wanted = build
    .filter((s) => Object.hasOwn(project.services, s) && project.services[s].build !== undefined)
    .map((s) => targets.get(s) ?? s);
  return {
    definition: { group: { default: { targets: wanted } }, target },
    targets,
    secretEnv,
  };
}
