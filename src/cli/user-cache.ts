// The CLI's files in the user's cache directory (kept config hashes, kept projects): where they
// live, which build they belong to, and the removal of ones left unused.
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file nothing has written for this long is removed when another one is created beside it. */
const STALE_MS = 30 * 24 * 3600 * 1000;

let currentBuild: string | undefined;

/** The build of the running CLI (main.ts knows it): what another build kept is not used. */
export function setBuildId(id: string | undefined): void {
  currentBuild = id;
}

/** See {@link setBuildId}; undefined in the library and in tests. */
export function buildId(): string | undefined {
  return currentBuild === '' ? undefined : currentBuild;
}

/** `$XDG_CACHE_HOME/flotilla`, else `~/.cache/flotilla`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(
    xdg !== undefined && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'),
    'flotilla',
  );
}

/** Removes the `.json` files of `dir` last written before `before` (ms since the epoch). */
export function removeStale(dir: string, before: number = Date.now() - STALE_MS): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const path = join(dir, name);
    try {
      if (statSync(path).mtimeMs < before) unlinkSync(path);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/**
 * Writes `text` to `file` atomically, readable by the user alone (what the CLI keeps holds the
 * services' configs and the environment), creating its directory. A first file of its kind
 * (`created`) also removes the stale ones beside it. A cache directory that cannot be written is
 * no failure: the next run only does the work again.
 */
export function writePrivately(file: string, text: string, created: boolean): void {
  const temp = `${file}.${String(process.pid)}.tmp`;
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (created) removeStale(dir);
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
  }
}
