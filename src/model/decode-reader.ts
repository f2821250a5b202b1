import type { Extensions } from './extensions.js';
import { ModelError } from './model-error.js';
import { parseBytes, parseDuration, type Bytes, type Duration } from './units.js';

type Segment = string | number;

/** A plain mapping of the canonical tree. */
export type TreeDict = Readonly<Record<string, unknown>>;

/** True for a mapping node of the tree. */
export function isTreeDict(value: unknown): value is TreeDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the fields of one mapping of the canonical tree, converting values the way compose-go's
 * decoder does (strings to numbers and booleans, numbers to strings) and failing with a
 * {@link ModelError} that names the path of the offending value.
 */
export class FieldReader {
  /** The reader this one was made from; its path is extended by `step` (and `index`). */
  private parent: FieldReader | undefined = undefined;
  private step: Segment = '';
  private stepIsMapKey = false;
  private index: Segment | undefined = undefined;
  private indexIsMapKey = false;
  private fullPath: readonly Segment[] | undefined;
  private fullMapKeys: readonly boolean[] | undefined;

  constructor(
    /** The mapping read. */
    readonly node: TreeDict,
    path?: readonly Segment[],
    mapKeys?: readonly boolean[],
  ) {
    // Readers made by child/list/record leave the path unset: it is built only when asked
    // for (errors), as most values decode without one.
    if (path !== undefined) {
      this.fullPath = path;
      this.fullMapKeys = mapKeys ?? [];
    }
  }

  /** A reader for `node` at this reader's path plus `step` (and `index`). */
  private below(
    node: TreeDict,
    step: Segment,
    stepIsMapKey: boolean,
    index?: Segment,
    indexIsMapKey = false,
  ): FieldReader {
    const r = new FieldReader(node);
    r.parent = this;
    r.step = step;
    r.stepIsMapKey = stepIsMapKey;
    r.index = index;
    r.indexIsMapKey = indexIsMapKey;
    return r;
  }

  /** Its path from the root. */
  get path(): readonly Segment[] {
    if (this.fullPath === undefined) this.resolvePath();
    return this.fullPath!;
  }

  /** For each path segment, true when it is a map key (a service name, ...). */
  get mapKeys(): readonly boolean[] {
    if (this.fullMapKeys === undefined) this.resolvePath();
    return this.fullMapKeys!;
  }

  private resolvePath(): void {
    const parent = this.parent;
    if (parent === undefined) {
      this.fullPath = [];
      this.fullMapKeys = [];
      return;
    }
    const path = [...parent.path, this.step];
    const mapKeys = [...parent.mapKeys, this.stepIsMapKey];
    if (this.index !== undefined) {
      path.push(this.index);
      mapKeys.push(this.indexIsMapKey);
    }
    this.fullPath = path;
    this.fullMapKeys = mapKeys;
  }

  /** A reader for the mapping at `key` (a struct field), or undefined when absent or null. */
  child(key: string, asMapKey = false): FieldReader | undefined {
    const value = this.node[key];
    if (value === undefined || value === null) return undefined;
    if (!isTreeDict(value)) this.fail(key, `expected a map, got ${describe(value)}`);
    return this.below(value, key, asMapKey);
  }

  /** True when `key` is present with a non-null value. */
  has(key: string): boolean {
    return Object.hasOwn(this.node, key) && this.node[key] !== null && this.node[key] !== undefined;
  }

  /** The raw value at `key`. */
  raw(key: string): unknown {
    return Object.hasOwn(this.node, key) ? this.node[key] : undefined;
  }

  /** Throws a {@link ModelError} for the value at `key` (or for this node when undefined). */
  fail(key: Segment | undefined, detail: string, isMapKey = false): never {
    if (key === undefined) throw new ModelError(this.path, detail, this.mapKeys);
    throw new ModelError([...this.path, key], detail, [...this.mapKeys, isMapKey]);
  }

  str(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    return this.toStr(key, value);
  }

  /** A string that must be present. */
  requiredStr(key: string, fallback = ''): string {
    return this.str(key) ?? fallback;
  }

  int(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value.trim());
    return this.fail(key, `cannot parse ${describe(value)} as int`);
  }

  float(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
      return Number(value);
    }
    return this.fail(key, `cannot parse ${describe(value)} as float`);
  }

  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
      if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
    }
    return this.fail(key, `cannot parse ${describe(value)} as bool`);
  }

  bytes(key: string): Bytes | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return this.fail(key, `invalid size: ${describe(value)}`);
    }
    try {
      return parseBytes(value);
    } catch (err) {
      return this.fail(key, (err as Error).message);
    }
  }

  duration(key: string): Duration | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      return this.fail(key, `invalid duration: ${describe(value)}`);
    }
    try {
      return parseDuration(value);
    } catch (err) {
      return this.fail(key, (err as Error).message);
    }
  }

  /** A list of strings; a single string becomes a one-element list. */
  strList(key: string): readonly string[] | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return [this.toStr(key, value)];
    return value.map((item: unknown, i) => this.toStrAt(key, i, item));
  }

  /** A command: a list of strings, `null` when absent; a string is split as a shell would. */
  command(key: string): readonly string[] | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return splitShellWords(value);
    return this.strList(key) ?? null;
  }

  /** A mapping of strings (`labels`, `sysctls`, ...); a `KEY=VALUE` list is accepted too. */
  mapping(key: string): Readonly<Record<string, string>> | undefined {
    return this.stringMapping(key, '');
  }

  /** A mapping whose entries may lack a value (`environment`, `build.args`). */
  mappingWithEquals(key: string): Readonly<Record<string, string | null>> | undefined {
    return this.stringMapping(key, null);
  }

  /** A mapping of strings where an entry without a value reads as `missing`. */
  private stringMapping<M extends string | null>(
    key: string,
    missing: M,
  ): Readonly<Record<string, string | M>> | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    const out: Record<string, string | M> = {};
    if (Array.isArray(value)) {
      const list: readonly unknown[] = value;
      for (let i = 0; i < list.length; i++) {
        const text = this.toStrAt(key, i, list[i]);
        const eq = text.indexOf('=');
        if (eq < 0) put(out, text, missing);
        else put(out, text.slice(0, eq), text.slice(eq + 1));
      }
      return out;
    }
    if (!isTreeDict(value)) return this.fail(key, `expected a map, got ${describe(value)}`);
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = value[k];
      put(out, k, v === null || v === undefined ? missing : this.toStrAt(key, k, v));
    }
    return out;
  }

  /** A list of structs. */
  list<T>(key: string, decode: (item: FieldReader) => T): readonly T[] | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return this.fail(key, `expected a list, got ${describe(value)}`);
    return value.map((item: unknown, i) => {
      if (!isTreeDict(item)) {
        throw new ModelError(
          [...this.path, key, i],
          `expected a map, got ${describe(item)}`,
          this.mapKeys,
        );
      }
      return decode(this.below(item, key, false, i, false));
    });
  }

  /** A map of structs keyed by name; `null` values are passed as an empty reader when `nullAsEmpty`. */
  record<T>(
    key: string,
    decode: (item: FieldReader, name: string) => T,
  ): Readonly<Record<string, T>> | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (!isTreeDict(value)) return this.fail(key, `expected a map, got ${describe(value)}`);
    const out: Record<string, T> = {};
    const names = Object.keys(value);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const item = value[name];
      const node = item === null || item === undefined ? {} : item;
      if (!isTreeDict(node)) {
        throw new ModelError([...this.path, key, name], `expected a map, got ${describe(node)}`, [
          ...this.mapKeys,
          false,
          true,
        ]);
      }
      put(out, name, decode(this.below(node, key, false, name, true), name));
    }
    return out;
  }

  /** A map whose null values stay null (service networks and models). */
  nullableRecord<T>(
    key: string,
    decode: (item: FieldReader, name: string) => T,
  ): Readonly<Record<string, T | null>> | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) {
      const out: Record<string, T | null> = {};
      value.forEach((name: unknown, i) => {
        put(out, this.toStrAt(key, i, name), null);
      });
      return out;
    }
    if (!isTreeDict(value)) return this.fail(key, `expected a map, got ${describe(value)}`);
    const nonNull: Record<string, unknown> = {};
    const out: Record<string, T | null> = {};
    for (const [name, item] of Object.entries(value)) {
      if (item === null || item === undefined) put(out, name, null);
      else put(nonNull, name, item);
    }
    const decoded = this.withNode({ [key]: nonNull }).record(key, decode);
    for (const name of Object.keys(value)) {
      if (decoded && Object.hasOwn(decoded, name)) put(out, name, decoded[name]);
    }
    return out;
  }

  /** A reader for `node` at this reader's path. */
  private withNode(node: TreeDict): FieldReader {
    const r = new FieldReader(node);
    r.parent = this.parent;
    r.step = this.step;
    r.stepIsMapKey = this.stepIsMapKey;
    r.index = this.index;
    r.indexIsMapKey = this.indexIsMapKey;
    r.fullPath = this.fullPath;
    r.fullMapKeys = this.fullMapKeys;
    return r;
  }

  /** The `x-*` keys of this mapping, or undefined when there are none. */
  extensions(): Extensions | undefined {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(this.node)) {
      if (key.startsWith('x-')) put((out ??= {}), key, this.node[key]);
    }
    return out;
  }

  private toStr(key: string, value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(key, `expected a string, got ${describe(value)}`);
  }

  private toStrAt(key: string, index: Segment, value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new ModelError([...this.path, key, index], `expected a string, got ${describe(value)}`, [
      ...this.mapKeys,
      false,
      typeof index === 'string',
    ]);
  }
}

/**
 * Sets an own property, also for the key `__proto__` (a valid service or variable name), which
 * plain assignment would take for the prototype.
 */
export function put<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** How a value is named in decoding errors. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `'${String(value)}'`;
  return 'a map';
}

/**
 * Splits a command string into words as a POSIX shell would (quotes and backslashes), the way
 * compose-go's shellwords does for `command` and `entrypoint` strings.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]))
        word += text[++i];
      else word += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '"' || c === "'") quote = c;
    else if (c === '\\' && i + 1 < text.length) word += text[++i];
    else word += c;
  }
  if (inWord) words.push(word);
  return words;
}
