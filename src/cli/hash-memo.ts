// The config hashes of a project, kept between runs of the CLI.
//
// A no-op `up` computes the config hash of every service to compare it with its containers'
// labels: about 0.2 ms a service (the service as compose-go's Go struct, its JSON, SHA-256),
// a tenth of the whole command on 50 services. A hash depends on its input alone, so the CLI keeps
// the ones it computed, by input ({@link memoKey}), in one small file per
// project in the user's cache directory, tied to the build that computed them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useHashMemo, type HashMemo } from '../model/service-hash.js';
import { toExactJson } from './exact-json.js';
import { buildId, cacheDir, writePrivately } from './user-cache.js';

/** Entries a project's file keeps at most; the least recently used go first. */
export const MAX_ENTRIES = 256;

/**
 * Makes the hash functions use (and at exit, when they computed new ones, update) the file of
 * project `name`. Nothing happens without a build id (the library, tests).
 * @returns the memo in use, if any
 */
export function useProjectHashMemo(
  name: string,
  build: string | undefined = buildId(),
  dir: string = cacheDir(),
): FileHashMemo | undefined {
  if (build === undefined || build === '') return undefined;
  const memo = new FileHashMemo(join(dir, 'config-hashes', `${name}.json`), build);
  useHashMemo(memo);
  return memo;
}

/**
 * A text that tells inputs apart exactly: their exact JSON (see exact-json.ts: what JSON would
 * blur, `undefined`, `-0`, `NaN`, infinities, prototypes, comes with it). Undefined for what it
 * cannot carry (anything but plain data), which is then not memoised.
 */
export function memoKey(kind: string, value: unknown): string | undefined {
  const exact = toExactJson(value);
  return exact === undefined ? undefined : `${kind}:${exact.json}:${JSON.stringify(exact.patches)}`;
}

interface MemoFile {
  readonly build: string;
  readonly hashes: Record<string, string>;
}

/** A project's hashes, read on first use; written back at exit when some were added. */
export class FileHashMemo implements HashMemo {
  private known: Map<string, string> | undefined;
  private added = false;
  /** Whether the file was there when read. */
  private existed = false;

  constructor(
    readonly file: string,
    private readonly build: string,
  ) {}

  hash(kind: string, input: unknown, compute: () => string): string {
    const key = memoKey(kind, input);
    if (key === undefined) return compute();
    const known = this.get(key);
    if (known !== undefined) return known;
    const hash = compute();
    this.set(key, hash);
    return hash;
  }

  get(key: string): string | undefined {
    const known = this.load();
    const hash = known.get(key);
    if (hash !== undefined) {
      // Most recently used last: the first to go are the ones no run asked for in a while.
      known.delete(key);
      known.set(key, hash);
    }
    return hash;
  }

  set(key: string, hash: string): void {
    this.load().set(key, hash);
    if (!this.added) {
      this.added = true;
      process.once('exit', () => {
        this.save();
      });
    }
  }

  /** Writes the file (see {@link writePrivately}). */
  save(): void {
    const known = this.load();
    const entries = [...known].slice(-MAX_ENTRIES);
    const body: MemoFile = { build: this.build, hashes: Object.fromEntries(entries) };
    writePrivately(this.file, JSON.stringify(body), !this.existed);
  }

  private load(): Map<string, string> {
    if (this.known !== undefined) return this.known;
    this.known = new Map();
    let raw: unknown;
    try {
      const text = readFileSync(this.file, 'utf8');
      this.existed = true;
      raw = JSON.parse(text);
    } catch {
      return this.known;
    }
    if (typeof raw !== 'object' || raw === null) return this.known;
    const { build, hashes } = raw as { build?: unknown; hashes?: unknown };
    if (build !== this.build || typeof hashes !== 'object' || hashes === null) return this.known;
    for (const [key, hash] of Object.entries(hashes as Record<string, unknown>)) {
      if (typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) this.known.set(key, hash);
    }
    return this.known;
  }
}
