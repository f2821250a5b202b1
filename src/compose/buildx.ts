// Which builder builds: BuildKit through the docker buildx plugin (`buildx bake`), or the engine's
// classic builder (`POST /build`), decided as docker compose decides.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ComposeError } from '../api/errors.js';

/** The builder chosen for a run. */
export type BuilderChoice =
  | {
      readonly kind: 'bake';
      /** The buildx plugin executable. */
      readonly buildx: string;
      /**
       * True when the selected buildx builder is the engine's own (the `docker` driver): then
       * its BuildKit is the engine's, with the engine's limits (no cache export but inline).
       */
      readonly dockerDriver: boolean;
      /**
       * The builder named by `build --builder` or `BUILDX_BUILDER` (given to bake as
       * `--builder`); absent: the one `docker buildx use` chose, or the engine's.
       */
      readonly builder?: string | undefined;
      /** The named builder's driver (`docker`, `remote`, ...); absent: no such builder. */
      readonly driver?: string | undefined;
      /**
       * False: buildx is told not to gather git information (`BUILDX_GIT_INFO=false`), because
       * the builder has nowhere to keep it; set by `prepareBuilds`. Absent: buildx decides.
       */
      readonly gitInfo?: boolean | undefined;
    }
  | {
      readonly kind: 'classic';
      /** Why BuildKit is not used, for the error when a build needs it. */
      readonly reason: string;
    };

/** Where buildx's progress goes (set by the CLI; a library caller gets it as events). */
export interface BuildkitOutput {
  /**
   * True: buildx draws its own terminal display on the process's stderr (`--progress tty`).
   * Else it prints plain lines, which go to {@link write}.
   */
  readonly tty?: boolean | undefined;
  /** Receives buildx's plain progress lines; absent: they become image events' details. */
  readonly write?: ((line: string) => void) | undefined;
}

/** The environment and file system {@link chooseBuilder} reads (injectable for tests). */
export interface BuilderWorld {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly exists: (path: string) => boolean;
  readonly readText: (path: string) => string | undefined;
  readonly home: string;
}

const defaultWorld = (): BuilderWorld => ({
  env: process.env,
  exists: existsSync,
  readText: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  home: homedir(),
});

/** The system directories the docker CLI looks for plugins in on Linux, in its order. */
export const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
];

/** The docker CLI's configuration directory: `DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(world: BuilderWorld): string {
  const dir = world.env.DOCKER_CONFIG;
  return dir !== undefined && dir !== '' ? dir : join(world.home, '.docker');
}

/** Where the buildx plugin is looked for, in order: the config directory's, then the system's. */
export function buildxCandidates(world: BuilderWorld): string[] {
  return [join(dockerConfigDir(world), 'cli-plugins'), ...SYSTEM_PLUGIN_DIRS].map((d) =>
    join(d, 'docker-buildx'),
  );
}

/**
 * `DOCKER_BUILDKIT` read as Go's `strconv.ParseBool` (as the docker CLI reads it); unset or
 * empty is true.
 * @throws ComposeError `USAGE` for a value that is not a boolean
 */
export function buildkitEnabled(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env.DOCKER_BUILDKIT;
  if (v === undefined || v === '') return true;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  throw new ComposeError(
    'USAGE',
    `DOCKER_BUILDKIT environment variable expects boolean value: ${JSON.stringify(v)}`,
  );
}

/**
 * The buildx builder a run selects: `--builder`, else `BUILDX_BUILDER`, else the one chosen with
 * `docker buildx use` (the config directory's `buildx/current`); undefined: the default builder.
 */
export function selectedBuilder(world: BuilderWorld, flag?: string): string | undefined {
  if (flag !== undefined && flag !== '') return flag;
  const named = world.env.BUILDX_BUILDER;
  if (named !== undefined && named !== '') return named;
  const current = world.readText(join(dockerConfigDir(world), 'buildx', 'current'));
  if (current === undefined) return undefined;
  try {
    const parsed = JSON.parse(current) as { Name?: unknown };
    return typeof parsed.Name === 'string' && parsed.Name !== '' ? parsed.Name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The driver of a named builder, as buildx finds it: `default` and a docker context's name are
 * the engine's own builder (`docker`); others are read from buildx's instance store
 * (`buildx/instances/NAME`). Undefined when there is no such builder.
 */
export function builderDriver(world: BuilderWorld, name: string): string | undefined {
  if (name === 'default') return 'docker';
  const config = dockerConfigDir(world);
  if (!name.includes('/') && !name.startsWith('.')) {
    const text = world.readText(join(config, 'buildx', 'instances', name));
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as { Driver?: unknown };
        if (typeof parsed.Driver === 'string' && parsed.Driver !== '') return parsed.Driver;
      } catch {
        // an unreadable instance file: buildx reports it when it runs
      }
      return 'unknown';
    }
  }
  const context = createHash('sha256').update(name).digest('hex');
  return world.exists(join(config, 'contexts', 'meta', context, 'meta.json'))
    ? 'docker'
    : undefined;
}

/**
 * Chooses the builder as docker compose does: BuildKit (`buildx bake`) when `DOCKER_BUILDKIT` is
 * not false and the buildx plugin is installed, else the classic builder. `builder` is
 * `build --builder`; else `BUILDX_BUILDER` or the builder chosen with `docker buildx use` is
 * used.
 * @throws ComposeError `USAGE` when `DOCKER_BUILDKIT` is not a boolean
 */
export function chooseBuilder(
  world: BuilderWorld = defaultWorld(),
  builder?: string,
): BuilderChoice {
  if (!buildkitEnabled(world.env)) {
    return { kind: 'classic', reason: 'DOCKER_BUILDKIT=0 turns BuildKit off' };
  }
  const candidates = buildxCandidates(world);
  const buildx = candidates.find((p) => world.exists(p));
  if (buildx === undefined) {
    return {
      kind: 'classic',
      reason: `the docker buildx plugin was not found (looked for ${candidates.join(', ')})`,
    };
  }
  const name = selectedBuilder(world, builder);
  if (name === undefined) return { kind: 'bake', buildx, dockerDriver: true };
  const driver = builderDriver(world, name);
  return {
    kind: 'bake',
    buildx,
    dockerDriver: driver === 'docker',
    builder: name,
    driver,
  };
}

/**
 * The error for a selected builder that buildx does not know.
 * @returns undefined when the choice's builder exists (or none was named)
 */
export function unknownBuilder(
  choice: BuilderChoice,
  world: BuilderWorld = defaultWorld(),
): string | undefined {
  if (choice.kind !== 'bake' || choice.builder === undefined || choice.driver !== undefined) {
    return undefined;
  }
  return (
    `no buildx builder "${choice.builder}" (looked in ${join(dockerConfigDir(world), 'buildx', 'instances')} ` +
    'and the docker contexts; `docker buildx ls` lists the builders)'
  );
}

/** How to get BuildKit, for the errors of builds that need it. */
export const HOW_TO_GET_BUILDX =
  'install the docker buildx plugin (Debian: apt-get install docker-buildx; or put the ' +
  'docker-buildx binary into ~/.docker/cli-plugins) and leave DOCKER_BUILDKIT unset or 1';
