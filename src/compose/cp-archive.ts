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
  const extraction = new Extraction(resolve(destRoot));
  for await (const chunk of tar) extraction.write(chunk);
  extraction.end();
}

/** Blocks of padding after `size` bytes of content. */
function paddingSize(size: number): number {
  return (512 - (size % 512)) % 512;
}

/**
 * One extraction, fed the archive chunk by chunk: between chunks it keeps the bytes not read
 * yet, the entry being written (or the metadata being read: pax headers, GNU long names) and
 * what metadata says about the next entry.
 */
class Extraction {
  private readonly dirs: { path: string; mode: number; mtime: number }[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private header: EntryHeader | undefined;
  private remaining = 0;
  private pad = 0;
  private fd: number | undefined;
  private pax: Partial<Record<string, string>> = {};
  private longName: string | undefined;
  private longLink: string | undefined;
  private meta: Buffer[] | undefined;
  private metaKind = 'x';

  constructor(private readonly root: string) {}

  /** Reads what `chunk` completes: headers, entry contents, metadata. */
  write(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const inside = this.header !== undefined || this.meta !== undefined;
      if (!(inside ? this.readContent() : this.readHeader())) return;
    }
  }

  /**
   * Closes the last file and gives the directories their modes and times (last, so that
   * read-only ones could be filled).
   * @throws {Error} when the archive ended inside an entry
   */
  end(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.header !== undefined && this.remaining > 0) throw new Error('truncated tar archive');
    for (const d of this.dirs.reverse()) {
      chmodSync(d.path, d.mode);
      utimesSync(d.path, d.mtime, d.mtime);
    }
  }

  /** Reads the content of the current entry or metadata; false when more input is needed. */
  private readContent(): boolean {
    const take = Math.min(this.remaining, this.buffer.length);
    if (take > 0) {
      const part = this.buffer.subarray(0, take);
      if (this.meta !== undefined) this.meta.push(part);
      else if (this.fd !== undefined) writeSync(this.fd, part);
      this.buffer = this.buffer.subarray(take);
      this.remaining -= take;
    }
    if (this.remaining > 0 || this.buffer.length < this.pad) return false;
    this.buffer = this.buffer.subarray(this.pad);
    if (this.meta !== undefined) {
      const body = Buffer.concat(this.meta);
      this.meta = undefined;
      if (this.metaKind === 'x') this.pax = { ...this.pax, ...parsePax(body) };
      else if (this.metaKind === 'L') this.longName = cString(body);
      else if (this.metaKind === 'K') this.longLink = cString(body);
    } else if (this.header !== undefined) {
      this.finish(this.header);
      this.header = undefined;
    }
    return true;
  }

  /** Reads the next header block and starts its entry; false when more input is needed. */
  private readHeader(): boolean {
    if (this.buffer.length < 512) return false;
    const block = this.buffer.subarray(0, 512);
    this.buffer = this.buffer.subarray(512);
    if (block.every((b) => b === 0)) return true;
    const raw = parseHeader(block);
    this.remaining = raw.size;
    this.pad = paddingSize(raw.size);
    if (raw.type === 'x' || raw.type === 'g' || raw.type === 'L' || raw.type === 'K') {
      this.meta = [];
      this.metaKind = raw.type;
      return true;
    }
    const h: EntryHeader = {
      ...raw,
      name: this.pax.path ?? this.longName ?? raw.name,
      linkName: this.pax.linkpath ?? this.longLink ?? raw.linkName,
      size: this.pax.size === undefined ? raw.size : Number(this.pax.size),
    };
    this.remaining = h.size;
    this.pad = paddingSize(h.size);
    this.pax = {};
    this.longName = undefined;
    this.longLink = undefined;
    this.begin(h);
    this.header = h;
    return true;
  }

  /**
   * Where an entry goes: the archive's root entry is the destination itself.
   * @throws {Error} for an entry outside the destination
   */
  private target(name: string): string | undefined {
    const root = this.root;
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
  }

  /** Creates a directory or a link, or opens a file for its content. */
  private begin(h: EntryHeader): void {
    const path = this.target(h.name);
    if (path === undefined) return;
    switch (h.type) {
      case '5':
        mkdirSync(path, { recursive: true, mode: 0o700 });
        this.dirs.push({ path, mode: h.mode, mtime: h.mtime });
        break;
      case '2':
        rmSync(path, { force: true });
        symlinkSync(h.linkName, path);
        break;
      case '1': {
        const linked = this.target(h.linkName);
        if (linked === undefined) break;
        rmSync(path, { force: true });
        linkSync(linked, path);
        break;
      }
      case '0':
      case '\0':
      case '7':
        replaceNonFile(path);
        this.fd = openSync(path, 'w', 0o600);
        break;
      default:
        break;
    }
  }

  /** Closes a written file and gives it its mode and times. */
  private finish(h: EntryHeader): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    const path = this.target(h.name);
    if (path !== undefined) {
      chmodSync(path, h.mode);
      utimesSync(path, h.mtime, h.mtime);
    }
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
