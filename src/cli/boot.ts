/**
 * Loads the CLI bundle (dist/cli/flotilla.cjs) through V8's code cache.
 *
 * Parsing and compiling the bundle is most of what a short command costs after node itself
 * starts: on a small project `flotilla ps` spent about as long compiling as talking to the
 * engine. The build runs the CLI on a warm-up project and saves the compiled functions next to
 * the bundle (flotilla.cjs.cache); later processes hand that cache to V8 and skip the work.
 *
 * Deserialising a cache costs time in proportion to its size, and a function missing from it
 * is compiled on first call, so each kind of command line has its own cache (cache-choice.ts):
 * the build writes the full one, warmed up by `config`, and a light one for the commands that
 * work from the engine's labels alone (`ls`, `ps -p NAME`, ...); the other verbs' caches need an
 * engine to warm up, so the first successful run of each verb writes its own.
 *
 * A cache is tied to one build of the bundle (the build id in its first line) and V8 checks its
 * own version and flags: a cache from another build or another node is not used. A process that
 * found its cache missing or unusable writes a fresh one when it exits with status 0
 * (atomically; silently skipped where the directory is read-only): a failed run may have taken
 * an error path only. Where no cache can be written (a read-only installation), a command
 * whose own cache is missing uses the build's full one rather than none.
 * `FLOTILLA_CODE_CACHE=0` disables the cache, `=refresh` rewrites it whatever the exit status
 * (the build's warm-ups).
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

// Node's own CommonJS wrapper, so that the bundle runs as `require` would run it.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';

type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** The first line of a cache file: which build of the bundle it belongs to. */
export function cacheHeader(buildId: string): string {
  return `flotilla-code-cache ${buildId}\n`;
}

/** The compiled code in `raw` when it was written for `buildId`, otherwise undefined. */
export function cachedCode(raw: Buffer, buildId: string): Buffer | undefined {
  const header = cacheHeader(buildId);
  if (raw.length <= header.length) return undefined;
  return raw.toString('latin1', 0, header.length) === header
    ? raw.subarray(header.length)
    : undefined;
}

function readCache(path: string, buildId: string): Buffer | undefined {
  try {
    return cachedCode(readFileSync(path), buildId);
  } catch {
    return undefined;
  }
}

function writeCache(script: Script, path: string, buildId: string): void {
  const temp = `${path}.${String(process.pid)}.tmp`;
  try {
    writeFileSync(
      temp,
      Buffer.concat([Buffer.from(cacheHeader(buildId)), script.createCachedData()]),
    );
    renameSync(temp, path);
  } catch {
    // A read-only installation: the cache is an optimisation, never a reason to fail.
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
  }
}

/** True when a file can be created next to `path` (tried with a temporary file). */
export function canWriteBeside(path: string): boolean {
  const probe = `${path}.${String(process.pid)}.probe`;
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** Where a process gets its compiled code: see {@link pickCache}. */
export interface CachePick {
  /** The cache to hand to V8, if any. */
  readonly data: Buffer | undefined;
  /** Whether to write the command's own cache at a successful exit (when V8 used none). */
  readonly refresh: boolean;
}

/**
 * The cache a process uses: its own (`FLOTILLA_CODE_CACHE` unset); none with `0` or `refresh`
 * (`refresh` rewrites it); and, when its own is missing and cannot be written (a read-only
 * installation), the fallback, since any cache beats none.
 */
export function pickCache(
  mode: string | undefined,
  own: () => Buffer | undefined,
  writable: () => boolean,
  fallback: () => Buffer | undefined,
): CachePick {
  if (mode === '0') return { data: undefined, refresh: false };
  if (mode === 'refresh') return { data: undefined, refresh: true };
  const data = own();
  if (data !== undefined || writable()) return { data, refresh: true };
  return { data: fallback(), refresh: false };
}

/**
 * Runs the CommonJS bundle at `path` and returns its exports, using (and, when missing or
 * stale, refreshing at a successful exit) the code cache `cachePath` of build `buildId`. When
 * that cache is missing and cannot be written, `fallbackPath`'s serves instead.
 */
export function loadBundle(
  path: string,
  cachePath: string,
  buildId: string,
  mode: string | undefined = process.env.FLOTILLA_CODE_CACHE,
  fallbackPath?: string,
): unknown {
  // The build makes the bundle ASCII, so Latin-1 reads it exactly, and faster than UTF-8.
  const source = readFileSync(path, 'latin1');
  const { data: cachedData, refresh } = pickCache(
    mode,
    () => readCache(cachePath, buildId),
    () => fallbackPath === undefined || canWriteBeside(cachePath),
    () => (fallbackPath === undefined ? undefined : readCache(fallbackPath, buildId)),
  );
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, {
    filename: path,
    cachedData,
  });
  if (refresh && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', (code) => {
      if (code === 0 || mode === 'refresh') writeCache(script, cachePath, buildId);
    });
  }
  const run = script.runInThisContext() as ModuleFunction;
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}
