// Every file-system access of the loader goes through here, so that what a load depended on can
// be recorded ({@link recordFsAccess}) and checked again later ({@link unchangedFs}): the CLI
// keeps loaded projects between runs (cli/project-cache.ts) on that basis. A unit test keeps
// the other loader modules off node:fs and node:os.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';

/** One access and what it saw: `=` and the value read, a kind letter, or `!` and the error. */
export interface FsAccess {
  readonly op: 'text' | 'bytes' | 'stat' | 'lstat' | 'realpath' | 'home' | 'stdin';
  readonly path: string;
  readonly saw: string;
}

/** What the loader may learn from a stat: the kind of file, nothing else. */
export interface FileKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

let log: FsAccess[] | undefined;

function access<T>(op: FsAccess['op'], path: string, act: () => T, saw: (v: T) => string): T {
  if (log === undefined) return act();
  const into = log;
  let value: T;
  try {
    value = act();
  } catch (err) {
    into.push({ op, path, saw: failure(err) });
    throw err;
  }
  into.push({ op, path, saw: saw(value) });
  return value;
}

function failure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return `!${e.code ?? ''} ${e.message}`;
}

function kindOf(k: FileKind): string {
  if (k.isFile()) return 'f';
  if (k.isDirectory()) return 'd';
  return k.isSymbolicLink() ? 'l' : 'o';
}

/** `readFileSync(path, 'utf8')`. */
export function readText(path: string): string {
  return access(
    'text',
    path,
    () => readFileSync(path, 'utf8'),
    (t) => `=${t}`,
  );
}

/** `readFileSync(path)`. */
export function readBytes(path: string): Buffer {
  return access(
    'bytes',
    path,
    () => readFileSync(path),
    (b) => `=${b.toString('latin1')}`,
  );
}

/** Standard input, read whole: a load that read it is never taken as unchanged. */
export function readStdin(): string {
  return access(
    'stdin',
    '-',
    () => readFileSync(0, 'utf8'),
    () => '!',
  );
}

/** `statSync(path)`, reduced to the file's kind. */
export function statPath(path: string): FileKind {
  return access('stat', path, () => statSync(path), kindOf);
}

/** `lstatSync(path)`, reduced to the file's kind. */
export function lstatPath(path: string): FileKind {
  return access('lstat', path, () => lstatSync(path), kindOf);
}

/** `realpathSync(path)`. */
export function realPath(path: string): string {
  return access(
    'realpath',
    path,
    () => realpathSync(path),
    (p) => `=${p}`,
  );
}

/** `os.homedir()`. */
export function homeDirectory(): string {
  return access(
    'home',
    '',
    () => homedir(),
    (h) => `=${h}`,
  );
}

/** Runs `fn` and returns its value with every access it made (nested recordings included). */
export function recordFsAccess<T>(fn: () => T): { value: T; accesses: FsAccess[] } {
  const outer = log;
  const accesses: FsAccess[] = [];
  log = accesses;
  try {
    return { value: fn(), accesses };
  } finally {
    log = outer;
    if (outer !== undefined) outer.push(...accesses);
  }
}

/** True when every access in `accesses` sees the same again (standard input never does). */
export function unchangedFs(accesses: readonly FsAccess[]): boolean {
  const outer = log;
  log = undefined;
  try {
    for (const a of accesses) {
      if (again(a) !== a.saw) return false;
    }
    return true;
  } finally {
    log = outer;
  }
}

function again(a: FsAccess): string {
  try {
    switch (a.op) {
      case 'text':
        return `=${readText(a.path)}`;
      case 'bytes':
        return `=${readBytes(a.path).toString('latin1')}`;
      case 'stat':
        return kindOf(statPath(a.path));
      case 'lstat':
        return kindOf(lstatPath(a.path));
      case 'realpath':
        return `=${realPath(a.path)}`;
      case 'home':
        return `=${homeDirectory()}`;
      case 'stdin':
        return '';
    }
  } catch (err) {
    return failure(err);
  }
}
