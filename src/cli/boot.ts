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
 * an error path only. `FLOTILLA_CODE_CACHE=0` disables the cache, `=refresh` rewrites it
 * whatever the exit status (the build's warm-ups).
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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

/**
 * Runs the CommonJS bundle at `path` and returns its exports, using (and, when missing or
 * stale, refreshing at a successful exit) the code cache `cachePath` of build `buildId`.
 */
export function loadBundle(
  path: string,
  cachePath: string,
  buildId: string,
  mode: string | undefined = process.env.FLOTILLA_CODE_CACHE,
): unknown {
  // The build makes the bundle ASCII, so Latin-1 reads it exactly, and faster than UTF-8.
  const source = readFileSync(path, 'latin1');
  const cachedData = mode === '0' || mode === 'refresh' ? undefined : readCache(cachePath, buildId);
  const script = new Script(WRAPPER_HEAD + source + WRAPPER_TAIL, {
    filename: path,
    cachedData,
  });
  if (mode !== '0' && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', (code) => {
      if (code === 0 || mode === 'refresh') writeCache(script, cachePath, buildId);
    });
  }
  const run = script.runInThisContext() as ModuleFunction;
  const module = { exports: {} as unknown };
  run.call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}
