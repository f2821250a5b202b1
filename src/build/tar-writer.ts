// A small POSIX tar (ustar + PAX extended headers) writer: enough for build contexts and `cp`,
// without a dependency. Entries are produced as Buffers; the caller streams them.

/** What a tar entry describes. */
export type TarEntryType = 'file' | 'directory' | 'symlink';

/** The header of one tar entry. */
export interface TarHeader {
  /** Slash-separated path inside the archive (no leading `/`); directories may end in `/`. */
  readonly name: string;
  readonly type: TarEntryType;
  /** Permission bits (and setuid/setgid/sticky), e.g. 0o755. */
  readonly mode: number;
  /** Content size in bytes; 0 for directories and symlinks. */
  readonly size?: number;
  /** Modification time. @default the Unix epoch */
  readonly mtime?: Date;
  /** Target of a symlink. */
  readonly linkName?: string;
  /** @default 0 */
  readonly uid?: number;
  /** @default 0 */
  readonly gid?: number;
}

const BLOCK = 512;
const MAX_OCTAL_SIZE = 0o77777777777;

/**
 * Encodes the header block(s) of an entry: a PAX extended header first when the name or link
 * target does not fit ustar's fields or the size exceeds 8 GiB, then the ustar header.
 * @throws {Error} for an empty name
 */
export function tarHeader(header: TarHeader): Buffer {
  if (header.name === '' || header.name === '/') throw new Error('tar entry without a name');
  let name = header.name.replace(/^\/+/, '');
  if (header.type === 'directory' && !name.endsWith('/')) name += '/';
  const size = header.type === 'file' ? (header.size ?? 0) : 0;
  const linkName = header.linkName ?? '';
  const pax: [string, string][] = [];
  const split = splitUstarName(name);
  if (split === undefined) pax.push(['path', name]);
  if (Buffer.byteLength(linkName) > 100) pax.push(['linkpath', linkName]);
  if (size > MAX_OCTAL_SIZE) pax.push(['size', String(size)]);
  const blocks: Buffer[] = [];
  if (pax.length > 0) {
    const body = Buffer.from(pax.map(([k, v]) => paxRecord(k, v)).join(''), 'utf8');
    blocks.push(
      ustar({
        name: truncateUtf8(`PaxHeaders/${name}`, 100),
        prefix: '',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: body.length,
        mtime: 0,
        typeflag: 'x',
        linkName: '',
      }),
      body,
      padding(body.length),
    );
  }
  blocks.push(
    ustar({
      name: split?.name ?? truncateUtf8(name, 100),
      prefix: split?.prefix ?? '',
      mode: header.mode & 0o7777,
      uid: header.uid ?? 0,
      gid: header.gid ?? 0,
      size: size > MAX_OCTAL_SIZE ? 0 : size,
      mtime: Math.floor((header.mtime?.getTime() ?? 0) / 1000),
      typeflag: header.type === 'file' ? '0' : header.type === 'directory' ? '5' : '2',
      linkName: truncateUtf8(linkName, 100),
    }),
  );
  return Buffer.concat(blocks);
}

/** Zero bytes that pad `size` bytes of content up to the next 512-byte block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** The two zero blocks that end an archive. */
export function tarEnd(): Buffer {
  return Buffer.alloc(BLOCK * 2);
}

/** Encodes a complete in-memory archive (small archives: secrets, configs, tests). */
export function tarArchive(
  entries: readonly (TarHeader & { readonly content?: Buffer | string })[],
): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const content =
      e.content === undefined
        ? Buffer.alloc(0)
        : typeof e.content === 'string'
          ? Buffer.from(e.content)
          : e.content;
    parts.push(tarHeader({ ...e, size: e.type === 'file' ? content.length : 0 }));
    if (e.type === 'file') parts.push(content, padding(content.length));
  }
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

interface UstarFields {
  name: string;
  prefix: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkName: string;
}

function ustar(f: UstarFields): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(f.name, 0, 100, 'utf8');
  octal(b, f.mode, 100, 8);
  octal(b, f.uid, 108, 8);
  octal(b, f.gid, 116, 8);
  octal(b, f.size, 124, 12);
  octal(b, f.mtime, 136, 12);
  b.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  b.write(f.typeflag, 156, 1, 'latin1');
  b.write(f.linkName, 157, 100, 'utf8');
  b.write('ustar\u000000', 257, 8, 'latin1');
  b.write(f.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i];
  b.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return b;
}

function octal(b: Buffer, value: number, offset: number, length: number): void {
  const text = Math.max(0, Math.floor(value))
    .toString(8)
    .padStart(length - 1, '0');
  b.write(`${text}\u0000`, offset, length, 'latin1');
}

/** Splits a long name into ustar's prefix (155) and name (100), or undefined if it cannot. */
function splitUstarName(name: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  if (/[^\x20-\x7e]/.test(name)) return undefined;
  for (let i = name.indexOf('/'); i !== -1 && i < name.length - 1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (prefix.length <= 155 && rest.length <= 100 && rest !== '') return { name: rest, prefix };
  }
  return undefined;
}

/** A PAX record `"<len> key=value\n"`, where len counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let digits = String(bodyLength).length;
  while (String(bodyLength + digits).length !== digits) digits++;
  return `${bodyLength + digits}${body}`;
}

function truncateUtf8(text: string, bytes: number): string {
  const b = Buffer.from(text, 'utf8');
  return b.length <= bytes
    ? text
    : b
        .subarray(0, bytes)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
}
