// The `sync` half of `watch`: changed host files go into the service's running containers as
// one tar archive extracted at `/` (keeping modes and owners), removed ones are deleted with
// `rm -rf` run in the container.
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { ComposeError } from '../api/errors.js';
import { padding, tarEnd, tarHeader } from '../build/tar-writer.js';
import { collectOutput } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { containerNameOf, listProjectContainers } from './project-containers.js';
import type { PathMapping } from './watch-rules.js';

/** One entry of a sync archive, read from the host. */
interface SyncEntry {
  /** Path inside the archive (the container path without its leading `/`). */
  readonly name: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: Date;
  readonly content?: Buffer;
  readonly linkName?: string;
}

/** Host paths of a batch split into what to copy and which container paths to delete. */
export interface SyncPlan {
  readonly copy: readonly Required<PathMapping>[];
  readonly remove: readonly string[];
}

/**
 * Splits the mappings of a batch: existing host paths are copied, missing ones deleted in the
 * container. Mappings without a container path are dropped.
 */
export async function planSync(mappings: readonly PathMapping[]): Promise<SyncPlan> {
  const copy: Required<PathMapping>[] = [];
  const remove: string[] = [];
  for (const m of mappings) {
    if (m.containerPath === undefined) continue;
    const exists = await lstat(m.hostPath).then(
      () => true,
      (err: unknown) => {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        throw err;
      },
    );
    if (exists) copy.push({ hostPath: m.hostPath, containerPath: m.containerPath });
    else remove.push(m.containerPath);
  }
  return { copy, remove: [...new Set(remove)] };
}

/**
 * Reads the entries of the paths to copy (directories recursively), the last mapping of a
 * container path winning. Files are read whole so a file written meanwhile cannot make the
 * archive inconsistent; a path that vanished meanwhile is skipped.
 */
export async function collectEntries(copy: SyncPlan['copy']): Promise<SyncEntry[]> {
  const byName = new Map<string, SyncEntry>();
  const visit = async (hostPath: string, name: string): Promise<void> => {
    let st;
    try {
      st = await lstat(hostPath);
    } catch {
      return;
    }
    const common = {
      name,
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
      mtime: st.mtime,
    };
    if (st.isDirectory()) {
      byName.set(name, { ...common, type: 'directory' });
      let children: string[];
      try {
        children = (await readdir(hostPath)).sort();
      } catch {
        return;
      }
      for (const child of children) await visit(join(hostPath, child), `${name}/${child}`);
    } else if (st.isSymbolicLink()) {
      const linkName = await readlink(hostPath).catch(() => undefined);
      if (linkName !== undefined) byName.set(name, { ...common, type: 'symlink', linkName });
    } else if (st.isFile()) {
      const content = await readFile(hostPath).catch(() => undefined);
      if (content !== undefined) byName.set(name, { ...common, type: 'file', content });
    }
  };
  for (const m of copy) {
    const name = posix
      .normalize(m.containerPath ?? '')
      .replace(/^\/+/, '')
      .replace(/\/+$/, '');
    if (name === '' || name === '.') continue;
    await visit(m.hostPath, name);
  }
  return [...byName.values()];
}

/** Encodes entries as a tar archive. */
export function syncArchive(entries: readonly SyncEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const size = e.content?.length ?? 0;
    parts.push(
      tarHeader({
        name: e.name,
        type: e.type,
        mode: e.mode,
        size,
        mtime: e.mtime,
        linkName: e.linkName,
        uid: e.uid,
        gid: e.gid,
      }),
    );
    if (e.content !== undefined) parts.push(e.content, padding(size));
  }
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

/**
 * Syncs a batch of changed paths into every running container of a service: deletions first
 * (`rm -rf` in the container), then one archive of what exists.
 * @returns the number of containers synced
 * @throws {ComposeError} `RUNTIME` naming the container and what failed
 */
export async function syncService(
  ctx: ComposeContext,
  projectName: string,
  service: string,
  mappings: readonly PathMapping[],
  signal?: AbortSignal,
): Promise<number> {
  const plan = await planSync(mappings);
  const entries = await collectEntries(plan.copy);
  const archive = entries.length > 0 ? syncArchive(entries) : undefined;
  const containers = await listProjectContainers(ctx.engine, projectName, {
    services: [service],
    signal,
  });
  const failures: string[] = [];
  await Promise.all(
    containers.map(async (c) => {
      const name = containerNameOf(c);
      if (plan.remove.length > 0) {
        try {
          await runInContainer(ctx, c.Id, ['rm', '-rf', ...plan.remove], signal);
        } catch (err) {
          failures.push(`deleting paths in ${name}: ${(err as Error).message}`);
        }
      }
      if (archive !== undefined) {
        try {
          await ctx.engine.containers.putArchive(c.Id, '/', Readable.from([archive]), {
            copyUIDGID: true,
            signal,
          });
        } catch (err) {
          failures.push(`copying files to ${name}: ${(err as Error).message}`);
        }
      }
    }),
  );
  if (failures.length > 0) throw new ComposeError('RUNTIME', failures.join('; '));
  return containers.length;
}

/**
 * Runs a command in a running container and waits for it.
 * @throws {Error} with the command's stderr when it exits non-zero
 */
export async function runInContainer(
  ctx: ComposeContext,
  containerId: string,
  cmd: readonly string[],
  signal?: AbortSignal,
  options: { user?: string; workdir?: string; env?: readonly string[]; privileged?: boolean } = {},
): Promise<void> {
  const { Id } = await ctx.engine.exec.create(
    containerId,
    {
      Cmd: [...cmd],
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: options.user,
      WorkingDir: options.workdir,
      Env: options.env === undefined ? undefined : [...options.env],
      Privileged: options.privileged === true,
    },
    { signal },
  );
  const session = await ctx.engine.exec.start(Id, { tty: false, signal });
  let stderr: string;
  try {
    ({ stderr } = await collectOutput(session.output));
  } finally {
    session.close();
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await ctx.engine.exec.inspect(Id, { signal });
    if (!info.Running && info.ExitCode !== null) {
      if (info.ExitCode === 0) return;
      throw new Error(`${cmd.join(' ')} exited with code ${info.ExitCode}: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${cmd.join(' ')} did not report an exit code`);
}
