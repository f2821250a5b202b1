import { isDict, type Dict, type Path } from './tree.js';

/**
 * Applies `!reset` / `!override` to the model built so far: every node at a recorded path is
 * removed, so the tagged value of the newer document replaces it instead of being merged.
 *
 * Only paths made of mapping keys take effect, as in docker compose: a tagged item inside a
 * sequence is dropped from its own document but cannot remove an item of an earlier one.
 */
export function applyResets(target: Dict, resetPaths: readonly Path[]): void {
  const paths = resetPaths.filter((p) => p.every((seg) => typeof seg === 'string'));
  if (paths.length === 0) return;
  for (const path of paths) removeAt(target, path);
}

function removeAt(node: Dict, path: readonly string[]): void {
  let current: unknown = node;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isDict(current)) return;
    current = current[path[i]];
  }
  if (isDict(current)) Reflect.deleteProperty(current, path[path.length - 1]);
}
