import { statSync } from 'node:fs';
import { join } from 'node:path';
import { discoverComposeFiles, projectDirectory } from './discovery.js';
import { readEnvFiles } from './env-files.js';

/** The result of the environment and discovery phases. */
export interface ProjectEnvironment {
  /** Variables for interpolation: OS environment, then env files (which never override it). */
  readonly environment: Record<string, string>;
  /** Absolute compose files, `-` for standard input; empty when none was found. */
  readonly files: readonly string[];
  /** Absolute project directory. */
  readonly projectDir: string;
  /** Env files that were read. */
  readonly envFiles: readonly string[];
  /** Active profiles. */
  readonly profiles: readonly string[];
  readonly warnings: readonly string[];
}

export interface EnvironmentInput {
  readonly cwd: string;
  readonly osEnvironment: Readonly<Record<string, string | undefined>>;
  readonly files?: readonly string[] | undefined;
  readonly projectDirectory?: string | undefined;
  readonly envFiles?: readonly string[] | undefined;
  readonly profiles?: readonly string[] | undefined;
}

const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_VALUES = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Builds the project environment and finds the compose files, in docker compose's order:
 * OS environment (plus `PWD`), env files of the working directory, `COMPOSE_FILE` or file
 * discovery, then env files of the project directory, then `COMPOSE_PROFILES`.
 * Precedence: OS environment > `.env` of the current directory > `.env` of the project
 * directory; explicit `--env-file`s replace the implicit `.env`, later ones winning.
 * @throws ComposeError('ENV_FILE') for a missing or malformed env file.
 */
export function buildProjectEnvironment(input: EnvironmentInput): ProjectEnvironment {
  const environment: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(input.osEnvironment)) {
    if (v !== undefined) environment[k] = v;
  }
  if (!Object.hasOwn(environment, 'PWD')) environment.PWD = input.cwd;

  let explicitEnvFiles = input.envFiles;
  if (explicitEnvFiles === undefined && input.osEnvironment.COMPOSE_ENV_FILES) {
    explicitEnvFiles = input.osEnvironment.COMPOSE_ENV_FILES.split(',').filter((f) => f !== '');
  }
  const disableDefault = TRUE_VALUES.has(input.osEnvironment.COMPOSE_DISABLE_ENV_FILE ?? '');
  const readAll: string[] = [];

  const loadEnvFiles = (workingDir: string): void => {
    let files: readonly string[];
    if (explicitEnvFiles && explicitEnvFiles.length > 0) {
      files = explicitEnvFiles.map((f) => (f.startsWith('/') ? f : join(input.cwd, f)));
    } else if (disableDefault) {
      files = [];
    } else {
      const dotEnv = join(workingDir, '.env');
      files = isFile(dotEnv) ? [dotEnv] : [];
    }
    const values = readEnvFiles(files, environment);
    for (const [k, v] of Object.entries(values)) {
      if (!Object.hasOwn(environment, k)) environment[k] = v;
    }
    for (const f of files) if (!readAll.includes(f)) readAll.push(f);
  };

  // The first pass uses the directory known before discovery.
  const firstDir = projectDirectory(input.projectDirectory, input.files ?? [], input.cwd);
  loadEnvFiles(firstDir);

  const discovered = discoverComposeFiles({
    files: input.files,
    environment,
    searchFrom: input.projectDirectory ? firstDir : input.cwd,
    cwd: input.cwd,
  });
  const projectDir = projectDirectory(input.projectDirectory, discovered.files, input.cwd);
  loadEnvFiles(projectDir);

  let profiles = input.profiles && input.profiles.length > 0 ? [...input.profiles] : undefined;
  profiles ??= (Object.hasOwn(environment, 'COMPOSE_PROFILES') ? environment.COMPOSE_PROFILES : '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

  return {
    environment,
    files: discovered.files,
    projectDir,
    envFiles: readAll,
    profiles,
    warnings: discovered.warnings,
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads a boolean environment value the way docker compose does (`1`, `true`, `y`, ...). */
export function envBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (TRUE_VALUES.has(value) || value === 'y' || value === 'yes') return true;
  if (FALSE_VALUES.has(value) || value === 'n' || value === 'no') return false;
  return undefined;
}
