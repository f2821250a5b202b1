// Loaded projects kept between runs of the CLI.
//
// Loading a project (YAML, interpolation, validation, the typed model) costs a short command
// about 12 ms on 50 small services, an eighth of a no-op `up`. The loader is a function of its
// options, the current directory, the environment and what it reads from the file system, and
// every file-system access of it goes through loader/fs-access.ts, which can record them. So
// the CLI keeps each successful load with everything it depended on: the options, directory and
// whole environment as the key, and each access with what it saw (the files' contents, which
// paths exist and as what, symbolic links, the home directory). The next load with the same key
// first repeats those accesses; when each sees the same again, the kept project (and the load's
// warnings) serve, otherwise the project is loaded afresh and kept instead.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadOptions, LoadWarning } from '../api/load-options.js';
import { recordFsAccess, unchangedFs, type FsAccess } from '../loader/fs-access.js';
import type { Project } from '../model/project.js';
import { fromExactJson, toExactJson, type ExactJson } from './exact-json.js';
import { buildId, cacheDir, writePrivately } from './user-cache.js';

interface Kept {
  readonly key: string;
  readonly env: string;
  readonly accesses: readonly FsAccess[];
  readonly warnings: ExactJson;
  readonly project: ExactJson;
}

/** Where {@link loadProjectKept} keeps projects. */
export interface KeepOptions {
  /** @default the running CLI's build; nothing is kept without one */
  readonly build?: string | undefined;
  /** @default {@link cacheDir} */
  readonly dir?: string | undefined;
  /** When a fresh load is written: at process exit (the CLI), or at once (tests). */
  readonly writeAt?: 'exit' | 'now' | undefined;
}

/** A loaded project, and whether it is the one kept from an earlier run. */
export interface KeptLoad {
  readonly project: Project;
  readonly kept: boolean;
}

/**
 * `load(options)`, or the project an earlier run of this build loaded with the same options,
 * directory and environment when nothing it read has changed since. Without a build id (the
 * library, tests) or with standard input as a file, always `load(options)`.
 */
export function loadProjectKept(
  options: LoadOptions,
  load: (options: LoadOptions) => Project,
  where: KeepOptions = {},
): KeptLoad {
  const { build = buildId(), dir = cacheDir(), writeAt = 'exit' } = where;
  const { onWarning, stdin, environment, cwd, ...rest } = options;
  if (build === undefined || stdin !== undefined) return { project: load(options), kept: false };
  const key = JSON.stringify({ build, cwd: cwd ?? process.cwd(), options: rest });
  const env = JSON.stringify(environment ?? process.env);
  const file = join(dir, 'projects', `${fnv1a(key)}.json`);
  const kept = read(file);
  if (kept !== undefined && kept.key === key && kept.env === env && unchangedFs(kept.accesses)) {
    const project = fromExactJson(kept.project) as Project;
    for (const w of fromExactJson(kept.warnings) as LoadWarning[]) onWarning?.(w);
    return { project, kept: true };
  }
  const warnings: LoadWarning[] = [];
  const { value: project, accesses } = recordFsAccess(() =>
    load({
      ...options,
      onWarning: (w) => {
        warnings.push(w);
        onWarning?.(w);
      },
    }),
  );
  // Taken now: whoever uses the project may change it.
  const exact = toExactJson(project);
  const exactWarnings = toExactJson(warnings);
  if (exact !== undefined && exactWarnings !== undefined) {
    const entry = { key, env, accesses, warnings: exactWarnings, project: exact } satisfies Kept;
    if (writeAt === 'now') writePrivately(file, JSON.stringify(entry), kept === undefined);
    else
      process.once('exit', () => {
        writePrivately(file, JSON.stringify(entry), kept === undefined);
      });
  }
  return { project, kept: false };
}

function read(file: string): Kept | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const k = raw as Partial<Record<keyof Kept, unknown>>;
  const exact = (v: unknown): boolean => {
    const e = v as Partial<ExactJson> | undefined;
    return typeof e?.json === 'string' && Array.isArray(e.patches);
  };
  return typeof k.key === 'string' &&
    typeof k.env === 'string' &&
    Array.isArray(k.accesses) &&
    exact(k.warnings) &&
    exact(k.project)
    ? (raw as Kept)
    : undefined;
}

/** 32-bit FNV-1a of `text`'s UTF-16 units, as 8 hex digits: a file name, not a check. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
