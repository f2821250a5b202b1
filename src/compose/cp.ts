// `cp`: copy files between the local filesystem and service containers, with `docker cp`'s
// path rules (copy into an existing directory, or create/replace the destination).
import { lstatSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { CopyOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import {
  isEngineError,
  type ContainerSummary as EngineContainer,
  type PathStat,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { extractArchive, packPath } from './cp-archive.js';
import { targetContainer } from './exec.js';
import { checkServices, containerNameOf, listProjectContainers } from './project-containers.js';

/** A `cp` operand: a local path, or a path in a service's containers. */
export interface CopyOperand {
  readonly service?: string | undefined;
  readonly path: string;
}

/**
 * Splits `SERVICE:PATH` from a local path. A path that starts with `/` or `.` (or has no `:`) is
 * local, so `./a:b` and `/x:y` are files.
 * @example parseCopyOperand('web:/etc/hosts') // { service: 'web', path: '/etc/hosts' }
 */
export function parseCopyOperand(arg: string): CopyOperand {
  if (arg.startsWith('/') || arg.startsWith('.')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { path: arg };
  return { service: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** Go's `os.ModeDir` and `os.ModeSymlink` bits in a {@link PathStat} mode. */
const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;
const isDirStat = (s: PathStat): boolean => Math.floor(s.mode / MODE_DIR) % 2 === 1;
const isLinkStat = (s: PathStat): boolean => Math.floor(s.mode / MODE_SYMLINK) % 2 === 1;

/** True when a path asks for "the contents of this directory" (`dir/.`). */
const contentsOnly = (path: string): boolean => path === '.' || path.endsWith('/.');

/**
 * Copies between the local filesystem and service containers (`cp`). To a service: every
 * replica (or `--index`); from a service: its first replica (or `--index`). `--all` lets one-off
 * containers count. Progress is reported as `Copying`/`Copied` events.
 * @throws {ComposeError} `USAGE` for two local or two container operands, `NOT_FOUND` for a
 *   missing source or destination directory, `RUNTIME` when the service has no container
 */
export async function cp(
  ctx: ComposeContext,
  project: Project | string,
  options: CopyOptions,
): Promise<void> {
  const src = parseCopyOperand(options.source);
  const dst = parseCopyOperand(options.destination);
  if (src.service !== undefined && dst.service !== undefined) {
    throw new ComposeError('USAGE', 'copying between services is not supported');
  }
  if (src.service === undefined && dst.service === undefined) {
    throw new ComposeError(
      'USAGE',
      'unknown copy direction: one of SRC and DEST must be SERVICE:PATH',
    );
  }
  const service = (src.service ?? dst.service)!;
  const fromService = src.service !== undefined;
  const containers = await copyTargets(ctx, project, service, fromService, options);
  await Promise.all(
    containers.map(async (c) => {
      const name = containerNameOf(c);
      // As docker compose: the container's name, then Copying/Copied and what goes where.
      const details = fromService
        ? `${name}:${src.path} to ${dst.path}`
        : `${src.path} to ${name}:${dst.path}`;
      const event = (text: string, status: 'working' | 'done'): void => {
        ctx.events({ id: name, kind: 'container', name, status, text, details });
      };
      event('Copying', 'working');
      if (fromService) await copyFromContainer(ctx, c.Id, src.path, dst.path, options);
      else await copyToContainer(ctx, c.Id, src.path, dst.path, options);
      event('Copied', 'done');
    }),
  );
}

async function copyTargets(
  ctx: ComposeContext,
  project: Project | string,
  service: string,
  fromService: boolean,
  options: CopyOptions,
): Promise<EngineContainer[]> {
  if (typeof project !== 'string') checkServices(project, [service]);
  if (options.index !== undefined && options.index > 0) {
    const one = await targetContainer(
      ctx,
      project,
      { service, index: options.index, signal: options.signal },
      { oneoff: false, stopped: true },
    );
    return [one];
  }
  const name = typeof project === 'string' ? project : project.name;
  const containers = await listProjectContainers(ctx.engine, name, {
    all: true,
    oneoff: options.all === true ? 'include' : 'exclude',
    services: [service],
    signal: options.signal,
  }).catch((err: unknown) => {
    throw engineFailure(err);
  });
  if (containers.length === 0) {
    throw new ComposeError('RUNTIME', `no container found for service ${JSON.stringify(service)}`);
  }
  return fromService ? containers.slice(0, 1) : containers;
}

async function statInContainer(
  ctx: ComposeContext,
  id: string,
  path: string,
  signal: AbortSignal | undefined,
): Promise<PathStat | undefined> {
  try {
    return await ctx.engine.containers.statPath(id, path, { signal });
  } catch (err) {
    if (isEngineError(err, 404)) return undefined;
    throw engineFailure(err);
  }
}

function localStat(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Local -> container, following `docker cp`'s rules for the destination. */
async function copyToContainer(
  ctx: ComposeContext,
  id: string,
  source: string,
  dest: string,
  options: CopyOptions,
): Promise<void> {
  const signal = options.signal;
  const srcStat = localStat(source, options.followLink === true);
  if (srcStat === undefined) {
    throw new ComposeError(
      'NOT_FOUND',
      `could not find the file ${source} in the local filesystem`,
    );
  }
  const srcIsDir = srcStat.isDirectory();
  const destPath = dest.startsWith('/') ? dest : `/${dest}`;
  let dstStat = await statInContainer(ctx, id, destPath, signal);
  if (dstStat !== undefined && isLinkStat(dstStat) && dstStat.linkTarget !== '') {
    dstStat = (await statInContainer(ctx, id, dstStat.linkTarget, signal)) ?? dstStat;
  }
  let extractDir: string;
  let rootName: string;
  if (dstStat !== undefined && isDirStat(dstStat)) {
    extractDir = destPath;
    rootName = srcIsDir && contentsOnly(source) ? '' : basename(resolve(source));
  } else if (dstStat !== undefined) {
    if (srcIsDir) {
      throw new ComposeError(
        'USAGE',
        `cannot copy directory ${source} onto file ${destPath} in the container`,
      );
    }
    extractDir = posixDirname(destPath);
    rootName = posixBasename(destPath);
  } else {
    if (destPath.endsWith('/') && !srcIsDir) {
      throw new ComposeError(
        'NOT_FOUND',
        `destination directory ${destPath} does not exist in the container`,
      );
    }
    extractDir = posixDirname(destPath.replace(/\/+$/, ''));
    rootName = posixBasename(destPath.replace(/\/+$/, ''));
    const parent = await statInContainer(ctx, id, extractDir, signal);
    if (parent === undefined || !isDirStat(parent)) {
      throw new ComposeError(
        'NOT_FOUND',
        `directory ${extractDir} does not exist in the container`,
      );
    }
  }
  const tar = packPath(source, {
    rootName,
    keepOwner: options.archive === true,
    followLink: options.followLink === true,
  });
  try {
    await ctx.engine.containers.putArchive(id, extractDir, tar, {
      copyUIDGID: options.archive === true,
      noOverwriteDirNonDir: true,
      signal,
    });
  } catch (err) {
    throw engineFailure(err, `copying ${source} into the container`);
  }
}

/** Container -> local, following `docker cp`'s rules for the destination. */
async function copyFromContainer(
  ctx: ComposeContext,
  id: string,
  source: string,
  dest: string,
  options: CopyOptions,
): Promise<void> {
  const signal = options.signal;
  let srcPath = source.startsWith('/') ? source : `/${source}`;
  if (options.followLink === true) {
    const st = await statInContainer(ctx, id, srcPath, signal);
    if (st !== undefined && isLinkStat(st) && st.linkTarget !== '') {
      srcPath = st.linkTarget.startsWith('/')
        ? st.linkTarget
        : `${posixDirname(srcPath)}/${st.linkTarget}`;
    }
  }
  let archive;
  try {
    archive = await ctx.engine.containers.getArchive(id, srcPath, { signal });
  } catch (err) {
    if (isEngineError(err, 404)) {
      throw new ComposeError('NOT_FOUND', `could not find ${srcPath} in the container`, {
        cause: err,
      });
    }
    throw engineFailure(err);
  }
  const srcIsDir = isDirStat(archive.stat);
  const dstStat = localStat(dest, true);
  let destRoot: string;
  if (dstStat?.isDirectory() === true) {
    destRoot = srcIsDir && contentsOnly(source) ? dest : resolve(dest, archive.stat.name);
  } else if (dstStat !== undefined) {
    if (srcIsDir) {
      archive.tar.destroy();
      throw new ComposeError('USAGE', `cannot copy directory ${srcPath} onto file ${dest}`);
    }
    destRoot = dest;
  } else {
    if (/[\\/]$/.test(dest) && !srcIsDir) {
      archive.tar.destroy();
      throw new ComposeError('NOT_FOUND', `destination directory ${dest} does not exist`);
    }
    const parent = localStat(dirname(resolve(dest)), true);
    if (parent?.isDirectory() !== true) {
      archive.tar.destroy();
      throw new ComposeError('NOT_FOUND', `directory ${dirname(resolve(dest))} does not exist`);
    }
    destRoot = dest;
  }
  await extractArchive(archive.tar as AsyncIterable<Buffer>, destRoot);
}

function posixDirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function posixBasename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
