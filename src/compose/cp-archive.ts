// Tar streams for `cp`: packing a local path under a chosen root name, and extracting an
// archive from the engine below a local directory with its modes and times.
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
  chmodSync,
  symlinkSync,
  linkSync,
  utimesSync,
  writeSync,
  createReadStream,
  statSync,
  type Stats,
} from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { padding, tarEnd, tarHeader } from '../build/tar-writer.js';

/** How {@link packPath} names and owns the entries. */
export interface PackOptions {
  /** Name of the root entry; '' puts the contents of a directory at the archive's top. */
  readonly rootName: string;
  /** Keep the files' UID/GID (else 0). */
  readonly keepOwner?: boolean | undefined;
  /** Follow a symbolic link at `source` itself. */
  readonly followLink?: boolean | undefined;
}

/**
 * A tar stream of a local file or directory tree: entries under `rootName`, with modes, times
 * and symbolic links as they are.
 * @throws {Error} (ENOENT) when `source` does not exist
 */
export function packPath(source: string, options: PackOptions): Readable {
  const top = options.followLink === true ? statSync(source) : lstatSync(source);
  async function* entries(): AsyncGenerator<Buffer> {
    yield* walk(source, options.rootName, top);
    yield tarEnd();
  }
  async function* walk(path: string, name: string, st: Stats): AsyncGenerator<Buffer> {
    const owner = options.keepOwner === true ? { uid: st.uid, gid: st.gid } : { uid: 0, gid: 0 };
    const common = { mode: st.mode & 0o7777, mtime: st.mtime, ...owner };
    if (st.isDirectory()) {
      if (name !== '') yield tarHeader({ name: `${name}/`, type: 'directory', ...common });
      for (const child of readdirSync(path).sort()) {
        const childPath = join(path, child);
        yield* walk(childPath, name === '' ? child : `${name}/${child}`, lstatSync(childPath));
      }
    } else if (st.isSymbolicLink()) {
      yield tarHeader({ name, type: 'symlink', linkName: readlinkSync(path), ...common });
    } else if (st.isFile()) {
      yield tarHeader({ name, type: 'file', size: st.size, ...common });
      let written = 0;
      for await (const chunk of createReadStream(path)) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (written !== st.size) throw new Error(`${path} changed size while being copied`);
      yield padding(st.size);
    }
    // Sockets, devices and FIFOs are skipped, as there is nothing to copy.
  }
  return Readable.from(entries(), { objectMode: false });
}

/** One entry of a tar archive being read. */
interface EntryHeader {
  name: string;
  type: string;
  mode: number;
  size: number;
  mtime: number;
  linkName: string;
}

/**
 * Extracts a tar stream (as the engine's archive endpoint produces it) below `destRoot`: the
 * archive's root entry becomes `destRoot` itself and everything under it lands below. Modes and
 * modification times are restored (directories last, so read-only ones can be filled);
 * ownership is not. Entries that would escape `destRoot` are refused.
 * @throws {Error} for a malformed archive or an entry outside the destination
 */
export async function extractArchive(tar: AsyncIterable<Buffer>, destRoot: string): Promise<void> {
  const root = resolve(destRoot);
  const dirs: { path: string; mode: number; mtime: number }[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let header: EntryHeader | undefined;
  let remaining = 0;
  let pad = 0;
  let fd: number | undefined;
  let pax: Partial<Record<string, string>> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let meta: Buffer[] | undefined;
  let metaKind = 'x';

  const target = (name: string): string | undefined => {
    let n = name.replace(/^\/+/, '').replace(/\/+$/, '');
    if (n === '.' || n === '') return root;
    if (n.startsWith('./')) n = n.slice(2);
    else {
      const slash = n.indexOf('/');
      n = slash === -1 ? '' : n.slice(slash + 1);
    }
    if (n === '') return root;
    const out = resolve(root, ...n.split('/'));
    if (out !== root && !out.startsWith(root + sep)) {
      throw new Error(`refusing to extract ${JSON.stringify(name)} outside ${root}`);
    }
    return out;
  };

  const begin = (h: EntryHeader): void => {
    const path = target(h.name);
    if (path === undefined) return;
    switch (h.type) {
      case '5':
        mkdirSync(path, { recursive: true, mode: 0o700 });
        dirs.push({ path, mode: h.mode, mtime: h.mtime });
        break;
      case '2':
        rmSync(path, { force: true });
        symlinkSync(h.linkName, path);
        break;
      case '1': {
        const linked = target(h.linkName);
        if (linked === undefined) break;
        rmSync(path, { force: true });
        linkSync(linked, path);
        break;
      }
      case '0':
      case '\0':
      case '7':
        replaceNonFile(path);
        fd = openSync(path, 'w', 0o600);
        break;
      default:
        break;
    }
  };
  const finish = (h: EntryHeader): void => {
    if (fd !== undefined) {
      closeSync(fd);
      fd = undefined;
      const path = target(h.name);
      if (path !== undefined) {
        chmodSync(path, h.mode);
        utimesSync(path, h.mtime, h.mtime);
      }
    }
  };

  for await (const chunk of tar) {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      if (header !== undefined || meta !== undefined) {
        const take = Math.min(remaining, buffer.length);
        if (take > 0) {
          const part = buffer.subarray(0, take);
          if (meta !== undefined) meta.push(part);
          else if (fd !== undefined) writeSync(fd, part);
          buffer = buffer.subarray(take);
          remaining -= take;
        }
        if (remaining > 0) break;
        if (buffer.length < pad) break;
        buffer = buffer.subarray(pad);
        if (meta !== undefined) {
          const body = Buffer.concat(meta);
          meta = undefined;
          const kind = metaKind;
          if (kind === 'x') pax = { ...pax, ...parsePax(body) };
          else if (kind === 'L') longName = cString(body);
          else if (kind === 'K') longLink = cString(body);
        } else if (header !== undefined) {
          finish(header);
          header = undefined;
        }
        continue;
      }
      if (buffer.length < 512) break;
      const block = buffer.subarray(0, 512);
      buffer = buffer.subarray(512);
      if (block.every((b) => b === 0)) continue;
      const raw = parseHeader(block);
      remaining = raw.size;
      pad = (512 - (raw.size % 512)) % 512;
      if (raw.type === 'x' || raw.type === 'g' || raw.type === 'L' || raw.type === 'K') {
        meta = [];
        metaKind = raw.type;
        continue;
      }
      const h: EntryHeader = {
        ...raw,
        name: pax.path ?? longName ?? raw.name,
        linkName: pax.linkpath ?? longLink ?? raw.linkName,
        size: pax.size === undefined ? raw.size : Number(pax.size),
      };
      remaining = h.size;
      pad = (512 - (h.size % 512)) % 512;
      pax = {};
      longName = undefined;
      longLink = undefined;
      begin(h);
      header = h;
    }
  }
  if (fd !== undefined) closeSync(fd);
  if (header !== undefined && remaining > 0) throw new Error('truncated tar archive');
  for (const d of dirs.reverse()) {
    chmodSync(d.path, d.mode);
    utimesSync(d.path, d.mtime, d.mtime);
  }
}

function replaceNonFile(path: string): void {
  try {
    const st = lstatSync(path);
    if (!st.isFile()) rmSync(path, { recursive: true, force: true });
  } catch {
    // Missing: nothing to replace.
  }
}

function parseHeader(b: Buffer): EntryHeader {
  const str = (start: number, len: number): string => cString(b.subarray(start, start + len));
  const num = (start: number, len: number): number => {
    const field = b.subarray(start, start + len);
    if ((field[0] & 0x80) !== 0) {
      // Base-256 (GNU) encoding for large values.
      let v = 0;
      for (let i = 1; i < field.length; i++) v = v * 256 + field[i];
      return v;
    }
    const text = cString(field).trim();
    return text === '' ? 0 : parseInt(text, 8);
  };
  const magic = str(257, 6);
  const prefix = magic.startsWith('ustar') ? str(345, 155) : '';
  const name = str(0, 100);
  return {
    name: prefix === '' ? name : posix.join(prefix, name),
    mode: num(100, 8) & 0o7777,
    size: num(124, 12),
    mtime: num(136, 12),
    type: String.fromCharCode(b[156]),
    linkName: str(157, 100),
  };
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString('utf8');
}

/** Parses PAX records `"<len> key=value\n"`. */
export function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(0x20, i);
    if (space === -1) break;
    const len = Number(body.subarray(i, space).toString('latin1'));
    if (!Number.isInteger(len) || len <= 0) break;
    const record = body.subarray(space + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}
