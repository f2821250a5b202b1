import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';

/**
 * The directory of a referenced file (`extends.file`, `include.path`), relative to `base` when
 * both are of the same kind, as compose-go's local resource loader computes it. A relative
 * result keeps the referenced model's paths relative until the including model resolves them.
 */
export function resourceDir(base: string, target: string): string {
  let path = isAbsolute(target) ? target : join(base, target);
  if (!isDirectory(path)) {
    const d = dirname(target);
    path = isAbsolute(d) ? d : join(base, d);
  }
  if (isAbsolute(base) !== isAbsolute(path)) return path;
  return relative(base, path) || '.';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
