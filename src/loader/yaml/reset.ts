import type { Path, PathSegment } from '../tree.js';
import { goQuote } from '../../internal/go-quote.js';
import { ALIAS_NODE, MAPPING_NODE, SEQUENCE_NODE, type YNode } from './node.js';
import { YamlSyntaxError } from './syntax-error.js';

/** compose-go's default cap on node visits per document (loader Options.MaxNodeVisits). */
export const DEFAULT_MAX_NODE_VISITS = 100_000;

const RESET = '!reset';
const OVERRIDE = '!override';

let generation = 0;

const NO_PATHS: readonly PathSegment[][] = [];

/**
 * compose-go's ResetProcessor over one document's node graph, done before values are built:
 * drops `!reset` nodes and records their paths, records `!override` paths (keeping the node and
 * leaving its content untouched), rejects duplicate keys, alias cycles and documents that need
 * too many visits. Containers are processed once; a container reached again (through an alias)
 * replays the paths recorded below it. `<<` steps are dropped from paths.
 *
 * Like compose-go, it rewrites `content` of the containers it visits.
 */
export class ResetProcessor {
  /** Recorded `!reset` / `!override` paths, in the order compose-go records them. */
  readonly paths: PathSegment[][] = [];
  private visits = 0;
  private readonly gen = ++generation;
  private readonly seen = new Map<YNode, SeenPaths>();
  /** Containers being resolved, with the path length they were entered at. */
  private readonly active = new Map<YNode, number>();

  /**
   * @param lineOf 1-based line of an offset, for messages
   * @param maxVisits compose-go's node-visit cap
   */
  constructor(
    private readonly lineOf: (pos: number) => number,
    private readonly maxVisits = DEFAULT_MAX_NODE_VISITS,
  ) {}

  /** Processes a document root; null when the root itself is `!reset`. */
  run(root: YNode): YNode | null {
    return this.resolve(root, []);
  }

  private resolve(node: YNode, path: PathSegment[]): YNode | null {
    if (++this.visits > this.maxVisits) throw this.visitLimit(node);
    const merged = path.length > 1 && path[path.length - 1] === '<<';
    if (merged) path.pop();
    const out = this.resolveAt(node, path);
    if (merged) path.push('<<');
    return out;
  }

  private visitLimit(node: YNode): YamlSyntaxError {
    return new YamlSyntaxError(
      `compose file exceeds maximum node visit limit (${this.maxVisits})`,
      node.pos,
    );
  }

  private resolveAt(node: YNode, path: PathSegment[]): YNode | null {
    let target = node;
    if (node.kind === ALIAS_NODE) {
      target = node.alias!;
      this.checkForCycle(target, path, node);
    }
    if (target.tag === RESET) {
      this.paths.push(path.slice());
      return null;
    }
    if (target.tag === OVERRIDE) {
      this.paths.push(path.slice());
      return target;
    }
    if (target.kind === SEQUENCE_NODE || target.kind === MAPPING_NODE) {
      return this.cachedResolve(target, path);
    }
    return node;
  }

  private cachedResolve(node: YNode, path: PathSegment[]): YNode {
    if (node.resolvedIn === this.gen) {
      for (const rel of node.relativeResets!) this.paths.push(path.concat(rel));
      return node;
    }
    // Reached again inside itself at the same path (a mapping merging itself): compose-go
    // would go round until its visit limit, so fail the same way without the recursion.
    const outer = this.active.get(node);
    if (outer === path.length) throw this.visitLimit(node);
    this.active.set(node, path.length);
    const first = this.paths.length;
    this.resolveContainer(node, path);
    if (outer === undefined) this.active.delete(node);
    else this.active.set(node, outer);
    let rel = NO_PATHS;
    if (this.paths.length > first) {
      const list: PathSegment[][] = [];
      for (let i = first; i < this.paths.length; i++) list.push(this.paths[i].slice(path.length));
      rel = list;
    }
    node.resolvedIn = this.gen;
    node.relativeResets = rel;
    return node;
  }

  /** Resolves the children; `content` is replaced only when a child is dropped or swapped. */
  private resolveContainer(node: YNode, path: PathSegment[]): void {
    const content = node.content!;
    let kept: YNode[] | null = null;
    if (node.kind === SEQUENCE_NODE) {
      for (let i = 0; i < content.length; i++) {
        const item = content[i];
        path.push(i);
        const r = this.resolve(item, path);
        path.pop();
        const out = r === null ? null : item.kind === ALIAS_NODE ? item : r;
        if (kept === null && out !== item) kept = content.slice(0, i);
        if (kept !== null && out !== null) kept.push(out);
      }
      if (kept !== null) node.content = kept;
      return;
    }
    const firstAt = content.length > 16 ? new Map<string, number>() : null;
    for (let i = 0; i < content.length; i += 2) {
      const k = content[i];
      const key = k.value;
      const prev = firstAt ? firstAt.get(key) : findKey(content, i, key);
      if (prev !== undefined) {
        throw new YamlSyntaxError(
          `line ${this.lineOf(k.pos)}: mapping key ${goQuote(key)} already defined at line ${this.lineOf(prev)}`,
          k.pos,
        );
      }
      firstAt?.set(key, k.pos);
      const v = content[i + 1];
      path.push(key);
      const r = this.resolve(v, path);
      path.pop();
      // Under '<<' the alias is replaced by its target, so that an alias to a sequence of
      // mappings can be merged.
      const out = r === null ? null : v.kind === ALIAS_NODE && key !== '<<' ? v : r;
      if (kept === null && out !== v) kept = content.slice(0, i);
      if (kept !== null && out !== null) kept.push(k, out);
    }
    if (kept !== null) node.content = kept;
  }

  /**
   * compose-go's cycle test: an alias target reached at a path that is a strict prefix or
   * extension of an earlier path to it (neither using a merge key) is a cycle. Earlier paths
   * are indexed by their prefixes so that a target aliased from hundreds of places stays cheap.
   */
  private checkForCycle(target: YNode, path: PathSegment[], alias: YNode): void {
    let seen = this.seen.get(target);
    if (!seen) {
      seen = { paths: [], exact: new Map(), under: new Map() };
      this.seen.set(target, seen);
    }
    const index = seen.paths.length;
    seen.paths.push(path.slice());
    if (hasMergeStep(path)) return;
    const keys = prefixKeys(path);
    let found = -1;
    const consider = (indices: number[] | undefined): void => {
      if (!indices) return;
      for (const i of indices) {
        if ((found < 0 || i < found) && !inDifferentServices(path, seen.paths[i])) found = i;
      }
    };
    for (let k = 0; k < path.length; k++) consider(seen.exact.get(keys[k]));
    consider(seen.under.get(keys[path.length]));
    if (found >= 0) {
      throw new YamlSyntaxError(
        `cycle detected: node at path ${path.join('.')} references node at path ${seen.paths[found].join('.')}`,
        alias.pos,
      );
    }
    addIndex(seen.exact, keys[path.length], index);
    for (let k = 0; k < path.length; k++) addIndex(seen.under, keys[k], index);
  }
}

/** The paths at which an alias target was reached, indexed for the cycle test. */
interface SeenPaths {
  /** Every path, in visiting order. */
  readonly paths: PathSegment[][];
  /** Path key of each path without merge step -> indices into `paths`. */
  readonly exact: Map<string, number[]>;
  /** Key of each strict prefix of such a path -> indices into `paths`. */
  readonly under: Map<string, number[]>;
}

/** Keys of the prefixes of `path`, of lengths 0 to path.length. */
function prefixKeys(path: Path): string[] {
  const keys = [''];
  let key = '';
  for (const seg of path) {
    key += `\u0000${String(seg)}`;
    keys.push(key);
  }
  return keys;
}

function addIndex(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

function findKey(content: YNode[], before: number, key: string): number | undefined {
  for (let j = 0; j < before; j += 2) if (content[j].value === key) return content[j].pos;
  return undefined;
}

function hasMergeStep(p: Path): boolean {
  for (const s of p) if (typeof s === 'string' && s.includes('<<')) return true;
  return false;
}

/** compose-go's test that two paths lie in different `services.<name>` entries. */
function inDifferentServices(a: Path, b: Path): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] === 'services' && i + 1 < a.length && b[i] === 'services' && i + 1 < b.length) {
      return a[i + 1] !== b[i + 1];
    }
  }
  return false;
}
