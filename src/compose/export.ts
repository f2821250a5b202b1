// `export`: a service container's filesystem as a tar archive, to a file or a stream.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import { isAbortError, isEngineError } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { emit, engineFailure } from './emit.js';
import { targetContainer } from './exec.js';
import { containerNameOf } from './project-containers.js';

/**
 * Exports the filesystem of a running service container (its first replica, else a one-off, or
 * replica `index`) as the engine's tar archive (`export`), reporting `Exporting` and `Exported`.
 * A file is written beside its final path and renamed into place once complete, so a failed
 * export never leaves a truncated archive (nor replaces an older one).
 * @throws {ComposeError} `USAGE` for an unknown service, a terminal as the output stream or an
 *   output path whose directory is missing (or that is a directory); `RUNTIME` when the service
 *   has no running container or the archive cannot be written; `ENGINE` on engine failure
 * @example await exportContainer(ctx, 'shop', { service: 'web', output: '/tmp/web.tar' })
 */
export async function exportContainer(
  ctx: ComposeContext,
  project: Project | string,
  options: ExportOptions,
): Promise<void> {
  const container = await targetContainer(ctx, project, options);
  const { output } = options;
  if (typeof output === 'string') await checkOutputPath(output);
  else if ((output as { isTTY?: boolean }).isTTY === true) {
    throw new ComposeError('USAGE', 'output option is required when exporting to terminal');
  }
  const name = containerNameOf(container);
  emit(ctx, 'container', name, 'Exporting', 'working');
  try {
    const archive = await ctx.engine.containers.export(container.Id, { signal: options.signal });
    if (typeof output === 'string') await writeFileAtomically(archive, output, options.signal);
    else await copyToStream(archive, output);
    emit(ctx, 'container', name, 'Exported');
  } catch (err) {
    const failure = engineFailure(err, `cannot export container ${name}`);
    const message = failure instanceof Error ? failure.message : String(failure);
    emit(ctx, 'container', name, 'Error', 'error', message);
    throw failure;
  }
}

/** As the docker CLI checks `-o`: the directory must exist, the path must not be a directory. */
async function checkOutputPath(path: string): Promise<void> {
  const invalid = (why: string): ComposeError =>
    new ComposeError('USAGE', `failed to export container: invalid output path: ${why}`);
  const dir = dirname(resolve(path));
  const dirStat = await stat(dir).catch(() => undefined);
  if (dirStat === undefined || !dirStat.isDirectory()) {
    throw invalid(`directory ${JSON.stringify(dirname(path))} does not exist`);
  }
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory() === true) throw invalid(`${JSON.stringify(path)} is a directory`);
  if (target !== undefined && !target.isFile()) {
    throw invalid(`${JSON.stringify(path)} must be a directory or a regular file`);
  }
}

/** Writes `source` to a temporary file beside `path`, then renames it to `path` (mode 0600). */
async function writeFileAtomically(
  source: Readable,
  path: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await pipeline(source, createWriteStream(temp, { mode: 0o600, flags: 'wx' }), { signal });
    await rename(temp, path);
  } catch (err) {
    source.destroy();
    await rm(temp, { force: true });
    if (isAbortError(err) || isEngineError(err)) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new ComposeError('RUNTIME', `cannot write ${path}: ${message}`, { cause: err });
  }
}

/** Copies `source` into `dest`, honouring back-pressure, without ending `dest` (stdout). */
async function copyToStream(source: Readable, dest: NodeJS.WritableStream): Promise<void> {
  let destFailure: Error | undefined;
  const onError = (err: Error): void => {
    destFailure ??= err;
    source.destroy();
  };
  dest.on('error', onError);
  try {
    for await (const chunk of source) {
      if (dest.write(chunk as Buffer)) continue;
      await new Promise<void>((done) => {
        const settle = (): void => {
          dest.off('drain', settle);
          dest.off('error', settle);
          done();
        };
        dest.on('drain', settle);
        dest.on('error', settle);
      });
      if (destFailure !== undefined) break;
    }
  } catch (err) {
    // Destroying the source after a write error ends the loop with that error; report the cause.
    if (destFailure === undefined) throw err;
  } finally {
    dest.off('error', onError);
  }
  if (destFailure !== undefined) {
    throw new ComposeError('RUNTIME', `cannot write the archive: ${destFailure.message}`, {
      cause: destFailure,
    });
  }
}
