import { basename, resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { ComposeError } from '../api/errors.js';

/**
 * Lower-cases a name and drops every character outside `[a-z0-9_-]`, then leading `_` and `-`:
 * `My App.v2` becomes `myappv2`.
 */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/** The error for a project name given with `-p` or `COMPOSE_PROJECT_NAME` that is not valid. */
export function invalidProjectName(name: string): ComposeError {
  return new ComposeError(
    'PROJECT_NAME',
    `invalid project name ${JSON.stringify(name)}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
  );
}

export interface ProjectNameInput {
  /** `-p` / `--project-name`. */
  readonly explicit?: string | undefined;
  /** The project environment (OS environment and env files). */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Raw top-level `name:` values of every document of every file, in load order. */
  readonly namesInFiles: readonly string[];
  /** Interpolates a `name:` value (identity when interpolation is off). */
  readonly interpolate: (value: string) => string;
  /** Normalise names taken from files and directories (off with `--no-normalize`). */
  readonly normalize: boolean;
  /** The project directory. */
  readonly projectDir: string;
}

export interface ProjectNameResult {
  readonly name: string;
  /** Warnings (a project directory reached through a symbolic link). */
  readonly warnings: readonly string[];
}

/**
 * Chooses the project name: `-p` > `COMPOSE_PROJECT_NAME` > the last non-empty top-level
 * `name:` (interpolated, normalised) > the project directory's base name (normalised).
 * @throws ComposeError('PROJECT_NAME') when an explicit name is invalid or the result is empty.
 */
export function resolveProjectName(input: ProjectNameInput): ProjectNameResult {
  const warnings: string[] = [];
  const check = (name: string): ProjectNameResult => {
    if (normalizeProjectName(name) !== name) throw invalidProjectName(name);
    return { name, warnings };
  };
  if (input.explicit) return check(input.explicit);
  const fromEnv = input.environment.COMPOSE_PROJECT_NAME;
  if (fromEnv) return check(fromEnv);

  const named = input.namesInFiles.filter((n) => n !== '');
  if (named.length > 0) {
    const written = named[named.length - 1];
    let name = input.interpolate(written);
    if (input.normalize) name = normalizeProjectName(name);
    if (name === '') {
      throw new ComposeError(
        'PROJECT_NAME',
        `project name must not be empty: name ${JSON.stringify(written)} has no usable characters`,
        { path: 'name' },
      );
    }
    return { name, warnings };
  }

  const dir = resolve(input.projectDir);
  const dirname = basename(dir);
  try {
    if (basename(realpathSync(dir)) !== dirname) {
      warnings.push(
        `project has been loaded without an explicit name from a symlink. Using name ${JSON.stringify(dirname)}`,
      );
    }
  } catch {
    // A directory that cannot be resolved keeps its own name.
  }
  const name = normalizeProjectName(dirname);
  if (name === '') {
    throw new ComposeError(
      'PROJECT_NAME',
      `project name must not be empty: the directory name ${JSON.stringify(dirname)} has no usable characters; set one with -p, COMPOSE_PROJECT_NAME or a top-level name:`,
    );
  }
  return { name, warnings };
}
