/**
 * The loader's working representation: the YAML tree as plain data.
 *
 * Mappings ({@link Dict}) inherit nothing, so that keys such as `__proto__` or `constructor`
 * (valid service names) are ordinary own properties; sequences are arrays; scalars are string,
 * number, boolean or null.
 */

/** A YAML mapping: an object with string keys that inherits no property. */
export type Dict = Record<string, unknown>;

/**
 * The prototype of every {@link dict}: an empty, frozen object whose own prototype is null, so
 * that a mapping inherits nothing, as with `Object.create(null)`. V8 makes an
 * `Object.create(null)` object a hash table from the start; an object built by a constructor
 * keeps fast properties (hidden classes shared by mappings with the same keys), which are
 * quicker to fill, read, list and collect.
 */
const DICT_PROTOTYPE = Object.freeze(Object.create(null) as object);

/** The constructor of mappings: a plain function, as a class prototype would carry `constructor`. */
const Mapping = function Mapping() {} as unknown as new () => Dict;
Mapping.prototype = DICT_PROTOTYPE;

/** One step of a {@link Path}: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** The position of a node in the tree, from the root: `['services', 'web', 'ports', 0]`. */
export type Path = readonly PathSegment[];

/** A new empty {@link Dict}, optionally filled from entries. */
export function dict(entries?: Iterable<readonly [string, unknown]>): Dict {
  const d = new Mapping();
  if (entries) for (const [k, v] of entries) d[k] = v;
  return d;
}

/** A shallow copy of a mapping as a {@link Dict}. */
export function copyDict(source: Readonly<Record<string, unknown>>): Dict {
  const d = new Mapping();
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) d[keys[i]] = source[keys[i]];
  return d;
}

/** True for a mapping node (not an array, not null). */
export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `key` is an own property of `d` (works for objects that inherit nothing). */
export function has(d: Dict, key: string): boolean {
  return Object.hasOwn(d, key);
}

/** A deep copy of a tree; mappings become {@link Dict}s. */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (isDict(value)) {
    const out = dict();
    for (const k of Object.keys(value)) out[k] = deepCopy(value[k]);
    return out as T;
  }
  return value;
}

export { formatPath } from '../model/path.js';

/**
 * Formats a path with every segment joined by dots, as compose-go's schema errors show it:
 * `services.tmpfs.volumes.0`.
 */
export function formatDottedPath(path: Path): string {
  return path.map(String).join('.');
}

/** Reads the node at `path`, or undefined when some step is missing. */
export function getPath(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[seg];
    } else {
      if (!isDict(node) || !has(node, seg)) return undefined;
      node = node[seg];
    }
  }
  return node;
}

/**
 * Matches a concrete path against a pattern where `*` matches any mapping key and `[]` any
 * sequence index (compose-go's tree.Path patterns).
 */
export function matchPath(path: Path, pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false;
  for (let i = 0; i < path.length; i++) {
    const p = pattern[i];
    const seg = path[i];
    if (p === '*') continue;
    if (p === '[]') {
      if (typeof seg !== 'number') return false;
      continue;
    }
    if (p !== String(seg)) return false;
  }
  return true;
}
