import { dict, type Dict } from '../tree.js';
import { FloatKey, goSharpV, Timestamp } from './go-value.js';
import {
  ALIAS_NODE,
  BINARY_TAG,
  FLOAT_TAG,
  MAPPING_NODE,
  MERGE_TAG,
  SCALAR_NODE,
  SEQUENCE_NODE,
  STR_TAG,
  TIMESTAMP_TAG,
  type YNode,
} from './node.js';
import { decodeBinary, plainTag, plainValue, resolveScalar } from './resolve.js';
import { YamlSyntaxError } from './syntax-error.js';
import { PLAIN } from './token.js';

/** compose-go's rejection of a mapping key that did not decode to a string. */
export class NonStringKeyError extends Error {
  /**
   * @param key the key as Go's `%#v` prints it
   * @param where compose-go's path of the mapping: '' at top level, else `services.web`
   * @param pos offset of the key in the source text
   */
  constructor(
    readonly key: string,
    readonly where: string,
    readonly pos: number,
  ) {
    super(`non-string key ${where === '' ? 'at top level' : `in ${where}`}: ${key}`);
  }
}

/**
 * Builds plain data from a document's node graph (after reset processing) the way go-yaml v4
 * decodes into `interface{}` and compose-go then converts mappings to string-keyed maps:
 * mappings become {@link Dict}s, sequences arrays, scalars resolved values. Merge keys, alias
 * expansion (each use is a fresh copy, as in Go) and go-yaml's excessive-aliasing guard follow
 * go-yaml; non-string keys are reported after the whole document decoded, as compose-go does.
 *
 * Timestamps keep their text (go-yaml would produce a `time.Time`).
 *
 * @throws YamlSyntaxError for go-yaml decoding failures (problem without the `yaml: ` prefix)
 * @throws NonStringKeyError for a mapping key that is not a string
 */
export function decodeDocument(root: YNode): unknown {
  const d = new Decoder();
  const value = d.value(root);
  if (d.badKeys !== null) throw findBadKey(value, d.badKeys);
  return value;
}

interface BadKey {
  readonly key: unknown;
  readonly node: YNode;
}

const SKIP = Symbol('skip');

/** go-yaml's alias budget: the share of decoded nodes that may come from alias expansion. */
function allowedAliasRatio(count: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (count <= low) return 0.99;
  if (count >= high) return 0.1;
  return 0.99 - (0.89 * (count - low)) / (high - low);
}

class Decoder {
  /** Mappings that had a non-string key, with the first such key. */
  badKeys: Map<Dict, BadKey> | null = null;
  private constructs = 0;
  private aliasUses = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<YNode>();

  /** Counts one node visit like go-yaml's Construct, failing on alias bombs. */
  private count(n: YNode): void {
    this.constructs++;
    if (this.aliasDepth > 0) this.aliasUses++;
    if (
      this.aliasUses > 100 &&
      this.constructs > 1000 &&
      this.aliasUses / this.constructs > allowedAliasRatio(this.constructs)
    ) {
      throw new YamlSyntaxError('document contains excessive aliasing', n.pos);
    }
  }

  value(n: YNode): unknown {
    this.count(n);
    switch (n.kind) {
      case SCALAR_NODE:
        return scalar(n);
      case MAPPING_NODE:
        return this.mapping(n);
      case SEQUENCE_NODE: {
        const items = n.content!;
        const out = new Array<unknown>(items.length);
        for (let i = 0; i < items.length; i++) out[i] = this.value(items[i]);
        return out;
      }
      default:
        return this.expand(n, (target) => this.value(target));
    }
  }

  /** Runs `fn` on an alias's target, with go-yaml's self-reference check. */
  private expand<T>(alias: YNode, fn: (target: YNode) => T): T {
    if (this.expanding.has(alias)) {
      throw new YamlSyntaxError(`anchor '${alias.value}' value contains itself`, alias.pos);
    }
    this.expanding.add(alias);
    this.aliasDepth++;
    try {
      return fn(alias.alias!);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(alias);
    }
  }

  private mapping(n: YNode): Dict {
    const out = dict();
    const content = n.content!;
    let mergeNode: YNode | null = null;
    for (let i = 0; i < content.length; i += 2) {
      const k = content[i];
      if (isMerge(k)) {
        mergeNode = content[i + 1]!;
        continue;
      }
      const key = this.key(k);
      const value = this.value(content[i + 1]);
      if (typeof key === 'string') out[key] = value;
      else this.badKey(out, key, k);
    }
    if (mergeNode !== null) this.merge(n, mergeNode, out, null, isStringMap(n));
    return out;
  }

  /** A mapping key decoded into `interface{}`: any scalar value. */
  private key(k: YNode): unknown {
    this.count(k);
    if (k.kind === ALIAS_NODE) return this.expand(k, (target) => this.key(target));
    if (k.kind === SCALAR_NODE) {
      if (k.tag === '' ? k.style !== PLAIN : k.tag === STR_TAG) return k.value;
      const tag = k.tag === '' ? plainTag(k.value) : k.tag;
      if (tag === STR_TAG) return k.value;
      const v = scalar(k);
      if (tag === TIMESTAMP_TAG) return new Timestamp(k.value);
      if (tag === FLOAT_TAG && typeof v === 'number') return new FloatKey(v);
      return v;
    }
    // Decode it (counting its nodes like go-yaml) only to show it in the message.
    const shown = k.kind === MAPPING_NODE ? this.mapping(k) : this.value(k);
    throw new YamlSyntaxError(
      `cannot use '${goSharpV(shown)}' as a map key; try decoding into yaml.Node`,
      k.pos,
    );
  }

  /**
   * A key merged into a map whose own keys are all strings: go-yaml decodes it into a Go string,
   * so a non-string scalar becomes its text and a null key is dropped.
   */
  private stringKey(k: YNode): string | typeof SKIP {
    this.count(k);
    if (k.kind === ALIAS_NODE) return this.expand(k, (target) => this.stringKey(target));
    if (k.kind !== SCALAR_NODE) {
      throw new YamlSyntaxError(
        `cannot construct ${k.kind === MAPPING_NODE ? '!!map' : '!!seq'} into string`,
        k.pos,
      );
    }
    const v = scalar(k);
    if (v === null) return SKIP;
    return typeof v === 'string' ? v : k.value;
  }

  private badKey(out: Dict, key: unknown, node: YNode): void {
    this.badKeys ??= new Map();
    if (!this.badKeys.has(out)) this.badKeys.set(out, { key, node });
  }

  /**
   * go-yaml's merge: keys already present (the mapping's own keys, then earlier merged ones)
   * win; `fields` is the set of keys taken so far, null at the outermost merge.
   */
  private merge(
    parent: YNode,
    source: YNode,
    out: Dict,
    fields: Set<unknown> | null,
    stringKeys: boolean,
  ): void {
    if (fields === null) {
      fields = new Set();
      const content = parent.content!;
      for (let i = 0; i < content.length; i += 2) {
        const key = this.key(content[i]);
        fields.add(key);
      }
    }
    switch (source.kind) {
      case MAPPING_NODE:
        this.count(source);
        this.mergeMapping(source, out, fields, stringKeys);
        return;
      case ALIAS_NODE:
        if (source.alias!.kind !== MAPPING_NODE) break;
        this.count(source);
        this.expand(source, (target) => {
          this.count(target);
          this.mergeMapping(target, out, fields, stringKeys);
        });
        return;
      case SEQUENCE_NODE:
        for (const item of source.content!) {
          if ((item.kind === ALIAS_NODE ? item.alias! : item).kind !== MAPPING_NODE) {
            throw mergeError(item);
          }
          this.count(item);
          if (item.kind === ALIAS_NODE) {
            this.expand(item, (target) => {
              this.count(target);
              this.mergeMapping(target, out, fields, stringKeys);
            });
          } else {
            this.mergeMapping(item, out, fields, stringKeys);
          }
        }
        return;
    }
    throw mergeError(source);
  }

  private mergeMapping(m: YNode, out: Dict, fields: Set<unknown>, stringKeys: boolean): void {
    const content = m.content!;
    let mergeNode: YNode | null = null;
    for (let i = 0; i < content.length; i += 2) {
      const k = content[i];
      if (isMerge(k)) {
        mergeNode = content[i + 1]!;
        continue;
      }
      const key = stringKeys ? this.stringKey(k) : this.key(k);
      if (key === SKIP || fields.has(key)) continue;
      fields.add(key);
      const value = this.value(content[i + 1]);
      if (typeof key === 'string') out[key] = value;
      else this.badKey(out, key, k);
    }
    if (mergeNode !== null) this.merge(m, mergeNode, out, fields, stringKeys);
  }
}

function mergeError(at: YNode): YamlSyntaxError {
  return new YamlSyntaxError('map merge requires map or sequence of maps as the value', at.pos);
}

/** A scalar's value: quoted and block scalars without a tag are strings, others resolve. */
function scalar(n: YNode): unknown {
  const tag = n.tag;
  if (tag === '') return n.style !== PLAIN ? n.value : plainValue(n.value);
  if (tag === STR_TAG) return n.value;
  try {
    const r = resolveScalar(tag, n.value);
    return r.tag === BINARY_TAG ? decodeBinary(r.value as string) : r.value;
  } catch (err) {
    // The text does not fit its explicit tag (`!!int abc`), or bad base64.
    throw new YamlSyntaxError((err as Error).message, n.pos);
  }
}

function isMerge(k: YNode): boolean {
  return (
    k.kind === SCALAR_NODE &&
    (k.tag === MERGE_TAG || (k.tag === '' && k.style === PLAIN && k.value === '<<'))
  );
}

/** go-yaml's test for decoding a mapping into map[string]interface{}: every key is a !!str. */
function isStringMap(n: YNode): boolean {
  const content = n.content!;
  for (let i = 0; i < content.length; i += 2) {
    const tag = shortTagOf(content[i]);
    if (tag !== STR_TAG && tag !== MERGE_TAG) return false;
  }
  return true;
}

/** go-yaml's Node.ShortTag. */
function shortTagOf(n: YNode): string {
  if (n.tag !== '') return n.tag;
  switch (n.kind) {
    case SCALAR_NODE:
      return n.style !== PLAIN ? STR_TAG : plainTag(n.value);
    case MAPPING_NODE:
      return '!!map';
    case SEQUENCE_NODE:
      return '!!seq';
    default:
      return shortTagOf(n.alias!);
  }
}

/**
 * compose-go's conversion walk: the first mapping (in document order) that had a non-string
 * key, with its path (`services.web`, `networks.default.ipam.config[0]`).
 */
function findBadKey(root: unknown, bad: ReadonlyMap<Dict, BadKey>): NonStringKeyError {
  const walk = (value: unknown, prefix: string): NonStringKeyError | undefined => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = walk(value[i], `${prefix}[${i}]`);
        if (found) return found;
      }
      return undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    const d = value as Dict;
    const b = bad.get(d);
    if (b) return new NonStringKeyError(goSharpV(b.key), prefix, b.node.pos);
    for (const k of Object.keys(d)) {
      const found = walk(d[k], prefix === '' ? k : `${prefix}.${k}`);
      if (found) return found;
    }
    return undefined;
  };
  const found = walk(root, '');
  if (found) return found;
  // Unreachable in practice: every decoded mapping is part of the tree.
  const first = bad.values().next().value!;
  return new NonStringKeyError(goSharpV(first.key), '', first.node.pos);
}
