/**
 * Loads the CLI bundle (dist/cli/flotilla.cjs) through V8's code cache.
 *
 * Parsing and compiling the bundle is most of what a short command costs after node itself
 * starts. The build runs the CLI once on a warm-up project (code-cache-warm-up.ts) and saves
 * the compiled functions next to the bundle (flotilla.cjs.cache); every later process hands
 * that cache to V8 and skips the work. Nothing is written at run time: the cache is part of
 * the build, like the bundle, and an installation directory may well be read-only.
 *
 * A cache is tied to one build of the bundle (the build id in its first line) and V8 checks its
 * own version and flags: a cache from another build or another node is not used (the bundle
 * is then compiled as without one). `FLOTILLA_CODE_CACHE=0` disables it.
 */
import { readFileSync } from 'node:fs';
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

/**
 * Compiles the CommonJS bundle at `path` with `cachedData` (none: compiled afresh) and runs its
 * top level.
 * @returns the compiled script (the build's warm-up saves its cache) and the bundle's exports
 */
export function runBundle(
  path: string,
  cachedData?: Buffer,
): { readonly script: Script; readonly exports: unknown } {
  // The build makes the bundle ASCII, so Latin-1 reads it exactly, and faster than UTF-8.
  const source = readFileSync(path, 'latin1');
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: path, cachedData });
  const run = script.runInThisContext() as ModuleFunction;
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return { script, exports: module.exports };
}

/**
 * Runs the CommonJS bundle at `path` and returns its exports, compiled from the code cache
 * `cachePath` when that was written for build `buildId` (and `mode` is not `0`).
 */
export function loadBundle(
  path: string,
  cachePath: string,
  buildId: string,
  mode: string | undefined = process.env.FLOTILLA_CODE_CACHE,
): unknown {
  const cachedData = mode === '0' ? undefined : readCache(cachePath, buildId);
  return runBundle(path, cachedData).exports;
}
