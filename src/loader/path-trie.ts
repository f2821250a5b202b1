import type { PathSegment } from './tree.js';

/**
 * A table of path patterns (as {@link matchPath} reads them: `*` any key or index, `[]` any
 * index, anything else a literal key) compiled so that a walk of the tree can follow the
 * patterns down instead of testing every pattern at every node: a walk only descends where
 * {@link PathTrie.child} gives a node, and every subtree it skips holds no match.
 *
 * Where several patterns match a path, the one listed first wins, as with a linear scan.
 */
export interface PathTrie<T> {
  /** The value of the first pattern that ends here, if any. */
  readonly value: T | undefined;
  /** True when some pattern continues below this point. */
  readonly hasChildren: boolean;
  /** The trie below mapping key or sequence index `segment`, or undefined when none matches. */
  child(segment: PathSegment): PathTrie<T> | undefined;
}

type Table<T> = readonly (readonly [readonly string[], T])[];

/**
 * Compiles `[pattern, value]` pairs into a {@link PathTrie}.
 * @throws Error for a literal segment made of digits only (a sequence index literal, which no
 * pattern needs), so that string keys and numeric indices never have to be told apart.
 */
export function compilePathTrie<T>(table: Table<T>): PathTrie<T> {
  for (const [pattern] of table) {
    for (const part of pattern) {
      if (/^\d+$/.test(part)) throw new Error(`index literal in path pattern ${pattern.join('.')}`);
    }
  }
  return build(
    table,
    table.map((_, i) => i),
    0,
  );
}

class Node<T> implements PathTrie<T> {
  constructor(
    readonly value: T | undefined,
    private readonly keys: ReadonlyMap<string, Node<T>> | undefined,
    private readonly anyKey: Node<T> | undefined,
    private readonly anyIndex: Node<T> | undefined,
  ) {}

  get hasChildren(): boolean {
    return this.keys !== undefined || this.anyKey !== undefined || this.anyIndex !== undefined;
  }

  child(segment: PathSegment): Node<T> | undefined {
    if (typeof segment === 'number') return this.anyIndex;
    return this.keys?.get(segment) ?? this.anyKey;
  }
}

function build<T>(table: Table<T>, alive: readonly number[], depth: number): Node<T> {
  let value: T | undefined;
  const longer: number[] = [];
  for (const i of alive) {
    const pattern = table[i][0];
    if (pattern.length === depth) {
      if (value === undefined) value = table[i][1];
    } else longer.push(i);
  }
  const at = (i: number): string => table[i][0][depth];
  const sub = (keep: (part: string) => boolean): Node<T> | undefined => {
    const next = longer.filter((i) => keep(at(i)));
    return next.length === 0 ? undefined : build(table, next, depth + 1);
  };
  let keys: Map<string, Node<T>> | undefined;
  for (const i of longer) {
    const part = at(i);
    if (part === '*' || part === '[]' || keys?.has(part) === true) continue;
    const node = sub((p) => p === part || p === '*');
    if (node !== undefined) (keys ??= new Map()).set(part, node);
  }
  return new Node(
    value,
    keys,
    sub((p) => p === '*'),
    sub((p) => p === '*' || p === '[]'),
  );
}
