import type { PathSegment } from '../tree.js';
import { composeDocuments } from './composer.js';
import {
  ALIAS_NODE,
  MAPPING_NODE,
  MERGE_TAG,
  SCALAR_NODE,
  SEQUENCE_NODE,
  type YNode,
} from './node.js';
import { lineColumn } from './syntax-error.js';
import { PLAIN } from './token.js';

/** The last text parsed, so that several look-ups in one file parse it once. */
let cached: { text: string; roots: YNode[] | null } | null = null;

/**
 * Where the node at `path` of document `doc` is written: for a mapping entry the position of
 * its key, for a sequence item the item's; a string segment over a sequence names the scalar
 * item of that value (the short list syntax of a mapping, as in `networks: [front]`). The walk follows aliases and `<<` merge keys (a
 * mapping's own keys first, then its merge sources in order), as the values were built.
 *
 * @param text the file's content
 * @param _file the file's name (the walk needs only the text; kept for symmetry with parseYaml)
 * @param path string segments are mapping keys, number segments sequence indices
 * @param doc 0-based index of the YAML document
 * @returns 1-based line and column, or undefined when the path does not exist or the file
 *   does not parse; never throws
 * @example
 * locate('services:\n  web:\n    image: nginx\n', 'compose.yaml', ['services', 'web', 'image'], 0)
 * // { line: 3, column: 5 }
 */
export function locate(
  text: string,
  _file: string,
  path: readonly PathSegment[],
  doc: number,
): { line: number; column: number } | undefined {
  try {
    const root = documents(text)?.[doc];
    if (root === undefined) return undefined;
    let node = root;
    let pos = root.pos;
    for (const seg of path) {
      const container = deref(node);
      if (typeof seg === 'number') {
        if (container.kind !== SEQUENCE_NODE) return undefined;
        const items = container.content!;
        if (seg < 0 || seg >= items.length) return undefined;
        const item = items[seg];
        node = item;
        pos = item.pos;
      } else if (container.kind === SEQUENCE_NODE) {
        // A key of a mapping written in the short list syntax (`depends_on: [db]`) is an item.
        const item = container.content!.find((i) => {
          const d = deref(i);
          return d.kind === SCALAR_NODE && d.value === seg;
        });
        if (item === undefined) return undefined;
        node = item;
        pos = item.pos;
      } else {
        if (container.kind !== MAPPING_NODE) return undefined;
        const entry = findEntry(container, seg, new Set());
        if (entry === undefined) return undefined;
        node = entry[1];
        pos = entry[0].pos;
      }
    }
    return lineColumn(text, pos);
  } catch {
    return undefined;
  }
}

function documents(text: string): YNode[] | null {
  if (cached?.text !== text) {
    let roots: YNode[] | null;
    try {
      roots = composeDocuments(text);
    } catch {
      roots = null;
    }
    cached = { text, roots };
  }
  return cached.roots;
}

function deref(node: YNode): YNode {
  let n = node;
  for (let i = 0; n.kind === ALIAS_NODE && n.alias !== null && i < 1000; i++) n = n.alias;
  return n;
}

function isMergeKey(k: YNode): boolean {
  return (
    k.kind === SCALAR_NODE &&
    (k.tag === MERGE_TAG || (k.tag === '' && k.style === PLAIN && k.value === '<<'))
  );
}

/** The key and value nodes of `key` in a mapping, its own entries before merged ones. */
function findEntry(map: YNode, key: string, visiting: Set<YNode>): [YNode, YNode] | undefined {
  if (visiting.has(map)) return undefined;
  visiting.add(map);
  const content = map.content!;
  const merges: YNode[] = [];
  for (let i = 0; i + 1 < content.length; i += 2) {
    const k = content[i];
    if (isMergeKey(k)) {
      merges.push(content[i + 1]);
      continue;
    }
    const kd = deref(k);
    if (kd.kind === SCALAR_NODE && kd.value === key) return [k, content[i + 1]];
  }
  for (const m of merges) {
    const source = deref(m);
    const sources = source.kind === SEQUENCE_NODE ? source.content!.map(deref) : [source];
    for (const s of sources) {
      if (s.kind !== MAPPING_NODE) continue;
      const found = findEntry(s, key, visiting);
      if (found) return found;
    }
  }
  return undefined;
}
