// Where a model path is written in a project's compose files, for the warnings and errors of
// verbs that work on the loaded model (`stack deploy`).
import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../api/errors.js';
import { locate } from '../loader/yaml/locate.js';

/**
 * A locator over `files` (the last file that writes the path wins, as later files override
 * earlier ones); standard input (`-`) and unreadable files are skipped.
 */
export function fileLocator(
  files: readonly string[],
): (path: readonly (string | number)[]) => SourceLocation | undefined {
  const texts = new Map<string, string | undefined>();
  const text = (file: string): string | undefined => {
    if (!texts.has(file)) {
      let content: string | undefined;
      try {
        content = readFileSync(file, 'utf8');
      } catch {
        content = undefined;
      }
      texts.set(file, content);
    }
    return texts.get(file);
  };
  return (path) => {
    for (const file of [...files].reverse()) {
      if (file === '-') continue;
      const content = text(file);
      if (content === undefined) continue;
      // A path into a list may be written in the short syntax: fall back to its parent.
      for (let n = path.length; n > 0; n--) {
        const at = locate(content, file, path.slice(0, n), 0);
        if (at !== undefined) return { file, ...at };
      }
    }
    return undefined;
  };
}
