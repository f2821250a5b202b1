// Host file watching for `watch`: node's fs.watch (recursive for directories; on Linux node 20
// implements it with inotify per directory, picking up directories created later), reporting
// absolute paths of whatever changed.
import { watch, statSync, type FSWatcher } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { relativeInside } from './watch-rules.js';

/** A set of watched paths; {@link close} stops them all. */
export interface FileWatcher {
  close(): void;
}

/**
 * Watches each path (a directory recursively, a file alone) and calls `onChange` with the
 * absolute path of every created, changed, renamed or removed entry. A path that does not exist
 * yet is watched through its nearest existing parent directory, filtered to the path.
 * @throws {Error} when a path cannot be watched at all
 */
export function watchPaths(
  paths: readonly string[],
  onChange: (path: string) => void,
  onError: (err: Error) => void,
): FileWatcher {
  const watchers: FSWatcher[] = [];
  const close = (): void => {
    for (const w of watchers) w.close();
  };
  try {
    for (const wanted of new Set(paths.map((p) => resolve(p)))) {
      let root = wanted;
      let isDir: boolean | undefined;
      while (isDir === undefined) {
        try {
          isDir = statSync(root).isDirectory();
        } catch {
          const parent = dirname(root);
          if (parent === root) throw new Error(`cannot watch ${wanted}: no existing parent`);
          root = parent;
        }
      }
      const w = watch(root, { recursive: isDir, persistent: true }, (_type, name) => {
        const changed = name === null ? root : isDir ? join(root, name) : root;
        if (root !== wanted && relativeInside(wanted, changed) === undefined) return;
        onChange(changed);
      });
      w.on('error', onError);
      watchers.push(w);
    }
  } catch (err) {
    close();
    throw err;
  }
  return { close };
}
