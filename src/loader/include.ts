import { statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ComposeError } from '../api/errors.js';
import { goString } from './go-format.js';
import { mergeNode } from './merge.js';
import { applyResets } from './reset.js';
import { resourceDir } from './resource-dir.js';
import { dict, has, isDict, type Dict, type Path } from './tree.js';

/** One `include` entry in long form. */
export interface IncludeEntry {
  /** Compose files: the first is the included project's main file, the others override it. */
  readonly path: readonly string[];
  readonly projectDirectory: string | undefined;
  readonly envFile: readonly string[];
}

/** What the loader must do to load an included project. */
export interface IncludeRequest {
  /** Absolute compose file paths. */
  readonly files: readonly string[];
  /** Directory, possibly relative, that the included model's relative paths resolve against. */
  readonly workingDir: string;
  /** Absolute project directory of the included project. */
  readonly projectDirectory: string;
  /** Env files of the included project (absolute), read on top of the parent's environment. */
  readonly envFiles: readonly string[];
  /** Files being included, outermost first, for cycle detection. */
  readonly included: readonly string[];
}

export interface IncludeContext {
  /** Working directory of the including document (may be relative for nested includes). */
  readonly workingDir: string;
  /** Directory that relative `include.path` entries resolve against. */
  readonly resourceDir: string;
  /** Files being included, outermost first. */
  readonly included: readonly string[];
  /** `!reset` paths of the including document. */
  readonly resetPaths: readonly Path[];
  /** Loads an included project's raw model (files merged, paths resolved). */
  readonly loadModel: (request: IncludeRequest) => Dict;
}

const RESOURCE_KINDS = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'] as const;

/**
 * Reads `include` entries in the long form; a string is a `path`.
 * @throws ComposeError('INCLUDE') when `include` is not a list or an entry is malformed.
 */
export function readIncludeEntries(value: unknown): IncludeEntry[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ComposeError('INCLUDE', `\`include\` must be a list, got ${goString(value)}`, {
      path: 'include',
    });
  }
  return value.map((item: unknown, i): IncludeEntry => {
    if (typeof item === 'string') return { path: [item], projectDirectory: undefined, envFile: [] };
    if (!isDict(item)) {
      throw new ComposeError('INCLUDE', `include[${i}] must be a string or a mapping`, {
        path: `include[${i}]`,
      });
    }
    const list = (v: unknown): string[] =>
      v === undefined || v === null ? [] : Array.isArray(v) ? v.map(goString) : [goString(v)];
    const projectDirectory = item.project_directory;
    return {
      path: list(item.path),
      projectDirectory:
        projectDirectory === undefined || projectDirectory === null || projectDirectory === ''
          ? undefined
          : goString(projectDirectory),
      envFile: list(item.env_file),
    };
  });
}

/**
 * Loads every included project and adds its resources to `model`. A resource defined on both
 * sides takes the including file's definition merged over the included one.
 * @throws ComposeError('INCLUDE') on a cycle or a missing env file.
 */
export function applyInclude(model: Dict, context: IncludeContext): void {
  const entries = readIncludeEntries(model.include);
  for (const entry of entries) {
    const files: string[] = [];
    let workingDir = context.workingDir;
    let projectDirectory = entry.projectDirectory ?? '';
    const included = context.included;
    entry.path.forEach((p, i) => {
      const abs = isAbsolute(p) ? p : join(context.resourceDir, p);
      if (i === 0) {
        if (projectDirectory === '') {
          workingDir = resourceDir(context.resourceDir, abs);
          projectDirectory = dirname(abs);
        } else if (!isAbsolute(projectDirectory)) {
          workingDir = resourceDir(context.resourceDir, projectDirectory);
          projectDirectory = join(context.workingDir, projectDirectory);
        } else {
          workingDir = projectDirectory;
        }
        if (included.includes(abs)) {
          const chain = [...included, abs];
          throw new ComposeError(
            'INCLUDE',
            `include cycle detected:\n${chain[0]}\n include ${chain.slice(1).join('\n include ')}`,
            { path: 'include' },
          );
        }
      }
      files.push(abs);
    });

    let envFiles: string[];
    if (entry.envFile.length === 0) {
      const f = join(projectDirectory, '.env');
      envFiles = isFile(f) ? [f] : [];
    } else {
      envFiles = [];
      for (const f of entry.envFile) {
        if (f === '/dev/null') continue;
        let path = f;
        if (!isAbsolute(f)) {
          path = join(context.workingDir, f);
          let st;
          try {
            st = statSync(path);
          } catch {
            throw new ComposeError('INCLUDE', `env file ${path} not found`, { path: 'include' });
          }
          if (st.isDirectory()) {
            throw new ComposeError('INCLUDE', `${path} is not a file`, { path: 'include' });
          }
        }
        envFiles.push(path);
      }
    }

    const imported = context.loadModel({
      files,
      workingDir,
      projectDirectory,
      envFiles,
      included,
    });
    importResources(imported, model, context.resetPaths);
  }
  delete model.include;
}

function importResources(source: Dict, target: Dict, resetPaths: readonly Path[]): void {
  for (const kind of RESOURCE_KINDS) {
    const from = source[kind];
    if (from === null || from === undefined || !isDict(from)) continue;
    const existing = target[kind];
    const to = isDict(existing) ? existing : dict();
    for (const name of Object.keys(from)) {
      const value = from[name];
      if (!has(to, name)) {
        to[name] = value;
        continue;
      }
      const wrapper = dict([[kind, dict([[name, value]])]]);
      applyResets(wrapper, resetPaths);
      const reset = (wrapper[kind] as Dict)[name];
      to[name] = mergeNode(reset, to[name], [kind, name]);
    }
    target[kind] = to;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
