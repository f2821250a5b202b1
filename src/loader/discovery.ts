import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ComposeError } from '../api/errors.js';

/** Compose file names looked for, in order of preference. */
export const DEFAULT_FILE_NAMES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
] as const;

/** Override file names looked for beside the compose file, in order of preference. */
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
] as const;

/** What discovery found. */
export interface DiscoveredFiles {
  /** Absolute compose file paths in merge order; `-` stands for standard input. */
  readonly files: readonly string[];
  /** Warnings to show (several candidate files, ...). */
  readonly warnings: readonly string[];
}

export interface DiscoveryOptions {
  /** `-f` values, relative to `cwd`. */
  readonly files?: readonly string[] | undefined;
  /** The environment: `COMPOSE_FILE` and `COMPOSE_PATH_SEPARATOR` are read from it. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Where the search starts: `--project-directory` if given, else the current directory. */
  readonly searchFrom: string;
  /** Current directory, for relative `-f` and `COMPOSE_FILE` entries. */
  readonly cwd: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function findFiles(names: readonly string[], dir: string): string[] {
  return names.map((n) => join(dir, n)).filter(exists);
}

/**
 * Finds the compose files: `-f` values, else `COMPOSE_FILE`, else the first default file name
 * in `searchFrom` or its nearest parent that has one, plus the first override file beside it.
 * @throws ComposeError('NOT_FOUND') when a `COMPOSE_FILE` entry does not exist.
 */
export function discoverComposeFiles(options: DiscoveryOptions): DiscoveredFiles {
  const { environment, cwd } = options;
  if (options.files && options.files.length > 0) {
    return { files: options.files.map((f) => (f === '-' ? f : resolve(cwd, f))), warnings: [] };
  }
  const composeFile = environment.COMPOSE_FILE;
  if (composeFile !== undefined) {
    const separator = environment.COMPOSE_PATH_SEPARATOR || ':';
    const files = composeFile.split(separator).map((f) => {
      if (f === '-') return f;
      const abs = isAbsolute(f) ? f : resolve(cwd, f);
      if (!exists(abs)) {
        throw new ComposeError(
          'NOT_FOUND',
          `COMPOSE_FILE names ${JSON.stringify(f)}, but there is no such file: ${abs}`,
        );
      }
      return abs;
    });
    return { files, warnings: [] };
  }
  const warnings: string[] = [];
  let dir = resolve(options.searchFrom);
  for (;;) {
    const candidates = findFiles(DEFAULT_FILE_NAMES, dir).filter(isFile);
    if (candidates.length > 0) {
      const winner = candidates[0];
      if (candidates.length > 1) {
        warnings.push(`Found multiple config files with supported names: ${candidates.join(', ')}`);
        warnings.push(`Using ${winner}`);
      }
      const files = [winner];
      const overrides = findFiles(DEFAULT_OVERRIDE_FILE_NAMES, dir);
      if (overrides.length > 0) {
        if (overrides.length > 1) {
          warnings.push(
            `Found multiple override files with supported names: ${overrides.join(', ')}`,
          );
          warnings.push(`Using ${overrides[0]}`);
        }
        files.push(overrides[0]);
      }
      return { files, warnings };
    }
    const parent = dirname(dir);
    if (parent === dir) return { files: [], warnings };
    dir = parent;
  }
}

/**
 * The project directory: `--project-directory`, else the directory of the first compose file
 * that is not standard input, else the current directory.
 */
export function projectDirectory(
  explicit: string | undefined,
  files: readonly string[],
  cwd: string,
): string {
  if (explicit) return resolve(cwd, explicit);
  const first = files.find((f) => f !== '-');
  return first ? dirname(resolve(cwd, first)) : resolve(cwd);
}
