// The build context sent to the engine's /build: a tar stream of the context directory minus
// what .dockerignore excludes, with the Dockerfile added when it lives outside the context.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { IgnoreMatcher, parseDockerignore } from './dockerignore.js';
import { padding, tarEnd, tarHeader } from './tar-writer.js';

/** Inputs of {@link createBuildContext}. */
export interface BuildContextOptions {
  /** The context directory. */
  readonly context: string;
  /**
   * The Dockerfile: relative to the context (Compose semantics), or absolute. One outside the
   * context is sent inside the archive under a generated name. @default 'Dockerfile'
   */
  readonly dockerfile?: string | undefined;
  /** Dockerfile text (`dockerfile_inline`); sent under a generated name, wins over `dockerfile`. */
  readonly dockerfileInline?: string | undefined;
}

/** A prepared build context. */
export interface BuildContext {
  /** The tar stream; read it once. */
  readonly tar: Readable;
  /** The `dockerfile` parameter for the engine: the Dockerfile's path inside the archive. */
  readonly dockerfile: string;
  /** The ignore file in use (`<Dockerfile>.dockerignore` or `.dockerignore`), if any. */
  readonly ignoreFile: string | undefined;
  /** Its patterns, as parsed. */
  readonly ignorePatterns: readonly string[];
}

/** What went wrong with a path, in words (`does not exist`), without Node's raw error text. */
function fileProblem(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'does not exist';
    case 'ENOTDIR':
      return 'does not exist (a parent of it is not a directory)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'cannot be read: too many levels of symbolic links';
    default:
      return `cannot be read: ${(err as Error).message}`;
  }
}

/**
 * Prepares a build context the way the docker CLI does for the classic builder. The ignore file
 * is `<Dockerfile>.dockerignore` next to the Dockerfile when it exists, else `.dockerignore` at
 * the context root. The Dockerfile and the ignore file are always sent (the engine drops them
 * again if they are ignored). File modes, symlinks (as links, not followed) and mtimes are kept;
 * owners become 0:0. Sockets, devices and fifos are skipped.
 *
 * @throws {Error} when the context directory or the Dockerfile cannot be read, or an ignore
 *   pattern is malformed; the tar stream errors for files that vanish while it is read.
 * @example
 * const ctx = await createBuildContext({ context: './app' });
 * await engine.images.build(ctx.tar, { dockerfile: ctx.dockerfile, tags: ['app:latest'] });
 */
export async function createBuildContext(options: BuildContextOptions): Promise<BuildContext> {
  const root = resolve(options.context);
  const rootStat = await lstat(root).catch((err: unknown) => {
    throw new Error(`build context ${root} ${fileProblem(err)}`, { cause: err });
  });
  if (!rootStat.isDirectory()) throw new Error(`build context ${root} is not a directory`);

  const dockerfilePath = resolve(root, options.dockerfile ?? 'Dockerfile');
  const inContext = isInside(root, dockerfilePath);
  let extra: { name: string; content: Buffer } | undefined;
  let dockerfile: string;
  if (options.dockerfileInline !== undefined) {
    dockerfile = generatedName();
    extra = { name: dockerfile, content: Buffer.from(options.dockerfileInline, 'utf8') };
  } else if (inContext) {
    dockerfile = toSlash(relative(root, dockerfilePath));
  } else {
    dockerfile = generatedName();
    const content = await readFile(dockerfilePath).catch((err: unknown) => {
      throw new Error(`Dockerfile ${dockerfilePath} ${fileProblem(err)}`, { cause: err });
    });
    extra = { name: dockerfile, content };
  }

  let ignoreFile: string | undefined;
  let text: string | undefined;
  for (const candidate of ignoreCandidates(root, dockerfilePath, options.dockerfileInline)) {
    text = await readFile(candidate, 'utf8').catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    });
    if (text !== undefined) {
      ignoreFile = candidate;
      break;
    }
  }
  const ignorePatterns = text === undefined ? [] : parseDockerignore(text);
  const keep = ['.dockerignore'];
  if (inContext && options.dockerfileInline === undefined) keep.push(dockerfile);
  const matcher = new IgnoreMatcher(ignorePatterns);

  const tar = Readable.from(entries(root, matcher, new Set(keep), extra), { objectMode: false });
  return { tar, dockerfile, ignoreFile, ignorePatterns };
}

/** Lists the paths (relative, slash-separated) a context would contain; for tests and `--print`. */
export async function listBuildContext(
  root: string,
  ignorePatterns: readonly string[],
): Promise<string[]> {
  const out: string[] = [];
  const matcher = new IgnoreMatcher(ignorePatterns);
  for await (const e of walk(resolve(root), '', matcher, new Set(['.dockerignore']))) {
    out.push(e.rel);
  }
  return out;
}

function ignoreCandidates(
  root: string,
  dockerfilePath: string,
  inline: string | undefined,
): string[] {
  const list: string[] = [];
  if (inline === undefined) list.push(`${dockerfilePath}.dockerignore`);
  list.push(join(root, '.dockerignore'));
  return list;
}

interface WalkEntry {
  readonly rel: string;
  readonly abs: string;
  readonly kind: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly size: number;
  readonly mtime: Date;
}

async function* walk(
  root: string,
  dir: string,
  matcher: IgnoreMatcher,
  keep: ReadonlySet<string>,
): AsyncGenerator<WalkEntry> {
  const abs = dir === '' ? root : join(root, dir);
  const names = (await readdir(abs)).sort();
  for (const name of names) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    const path = join(abs, name);
    const st = await lstat(path);
    const ignored = matcher.ignores(rel) && !keep.has(rel);
    if (st.isDirectory()) {
      if (ignored && matcher.canSkipDirectory(rel)) continue;
      if (!ignored) {
        yield { rel, abs: path, kind: 'directory', mode: st.mode, size: 0, mtime: st.mtime };
      }
      yield* walk(root, rel, matcher, keep);
      continue;
    }
    if (ignored) continue;
    if (st.isSymbolicLink()) {
      yield { rel, abs: path, kind: 'symlink', mode: st.mode, size: 0, mtime: st.mtime };
    } else if (st.isFile()) {
      yield { rel, abs: path, kind: 'file', mode: st.mode, size: st.size, mtime: st.mtime };
    }
  }
}

async function* entries(
  root: string,
  matcher: IgnoreMatcher,
  keep: ReadonlySet<string>,
  extra: { name: string; content: Buffer } | undefined,
): AsyncGenerator<Buffer> {
  for await (const e of walk(root, '', matcher, keep)) {
    if (e.kind === 'directory') {
      yield tarHeader({ name: e.rel, type: 'directory', mode: e.mode, mtime: e.mtime });
    } else if (e.kind === 'symlink') {
      const linkName = await readlink(e.abs);
      yield tarHeader({ name: e.rel, type: 'symlink', mode: e.mode, mtime: e.mtime, linkName });
    } else {
      yield tarHeader({ name: e.rel, type: 'file', mode: e.mode, size: e.size, mtime: e.mtime });
      yield* fileContent(e.abs, e.size);
    }
  }
  if (extra !== undefined) {
    const { name, content } = extra;
    yield tarHeader({ name, type: 'file', mode: 0o600, size: content.length, mtime: new Date() });
    yield content;
    yield padding(content.length);
  }
  yield tarEnd();
}

/** Exactly `size` bytes of the file, padded: a file that changes size mid-read is an error. */
async function* fileContent(path: string, size: number): AsyncGenerator<Buffer> {
  let sent = 0;
  if (size > 0) {
    for await (const chunk of createReadStream(path)) {
      const b = chunk as Buffer;
      const take = Math.min(b.length, size - sent);
      if (take > 0) yield take === b.length ? b : b.subarray(0, take);
      sent += b.length;
    }
  }
  if (sent !== size) {
    throw new Error(`build context: ${path} changed size while it was read (${size} -> ${sent})`);
  }
  yield padding(size);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function toSlash(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function generatedName(): string {
  return `.dockerfile.${randomBytes(10).toString('hex')}`;
}
