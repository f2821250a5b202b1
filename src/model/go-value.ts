/**
 * The canonical tree decoded the way compose-go decodes it into its Go types (mapstructure with
 * compose-go's hooks), kept as a small typed value that both marshallers print: struct fields in
 * declaration order, the values converted (`512m` to bytes, `90s` to `1m30s`, `0440` to a mode,
 * command strings split into words, ...), and for each field whether JSON and YAML print it.
 */
import { STRUCTS, type FieldSpec } from './compose-types.js';
import { formatGoDuration, goSprint, parseGoDuration, splitShellWords } from './go-text.js';
import { ModelError } from './model-error.js';
import { parseBytes } from './units.js';

/** A decoded value. Maps keep the tree's order; each marshaller sorts keys its own way. */
export type GoValue =
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'bool'; readonly v: boolean }
  | { readonly k: 'int'; readonly v: number }
  | { readonly k: 'float'; readonly v: number; readonly bits: 32 | 64 }
  /** A string produced by a Go marshaller (Duration, UnitBytes, FileMode); `zero` for omitempty. */
  | { readonly k: 'text'; readonly v: string; readonly zero: boolean }
  /** nil: pointer, slice, map or interface. */
  | { readonly k: 'nil' }
  | { readonly k: 'list'; readonly items: readonly GoValue[] }
  | { readonly k: 'map'; readonly entries: readonly (readonly [string, GoValue])[] }
  | {
      readonly k: 'struct';
      readonly fields: readonly GoField[];
      /** `x-*` keys: inlined by YAML, never printed by JSON. */
      readonly ext: readonly (readonly [string, GoValue])[];
    }
  /** A non-nil pointer. */
  | { readonly k: 'ptr'; readonly v: GoValue }
  /** A value whose MarshalJSON and MarshalYAML differ. */
  | { readonly k: 'alt'; readonly json: GoValue; readonly yaml: GoValue };

/** A struct field with its value; a null key means the format leaves the field out. */
export interface GoField {
  readonly json: string | null;
  readonly yaml: string | null;
  readonly v: GoValue;
}

const NIL: GoValue = { k: 'nil' };
type Segment = string | number;
type Path = Segment[];
type Dict = Record<string, unknown>;

/**
 * Where a decoded value is: the location of its parent and its own key or index (none for the
 * value a decode starts from). Decoders pass these along instead of copying path arrays, so
 * that the path is built only when an error reports it.
 */
interface Loc {
  readonly up: Loc | null;
  readonly seg: Segment | undefined;
}

/** The location `seg` below `up`. */
function at(up: Loc | null, seg: Segment | undefined): Loc {
  return { up, seg };
}

/** The location of a path given as an array. */
function locOf(path: readonly Segment[]): Loc | null {
  let loc: Loc | null = null;
  for (const seg of path) loc = at(loc, seg);
  return loc;
}

/** The path of `seg` below `up`, for an error. */
function pathOf(up: Loc | null, seg: Segment | undefined): Path {
  const out: Path = seg === undefined ? [] : [seg];
  for (let l = up; l !== null; l = l.up) if (l.seg !== undefined) out.push(l.seg);
  return out.reverse();
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(up: Loc | null, seg: Segment | undefined, detail: string): never {
  throw new ModelError(pathOf(up, seg), detail);
}

/** Go's encoding/json `omitempty` test. */
export function jsonEmpty(v: GoValue): boolean {
  switch (v.k) {
    case 'str':
      return v.v === '';
    case 'bool':
      return !v.v;
    case 'int':
    case 'float':
      return v.v === 0;
    case 'text':
      return v.zero;
    case 'nil':
      return true;
    case 'list':
      return v.items.length === 0;
    case 'map':
      return v.entries.length === 0;
    case 'struct':
    case 'ptr':
      return false;
    case 'alt':
      return jsonEmpty(v.json);
  }
}

/** go-yaml's `omitempty` test (structs are empty when every field is). */
export function yamlZero(v: GoValue): boolean {
  switch (v.k) {
    case 'struct':
      return v.ext.length === 0 && v.fields.every((f) => yamlZero(f.v));
    case 'ptr':
      return false;
    case 'alt':
      return yamlZero(v.yaml);
    default:
      return jsonEmpty(v);
  }
}

/** An untyped tree value (extensions, `--no-interpolate` models) as Go decoded it. */
export function anyValue(node: unknown): GoValue {
  if (node === null || node === undefined) return NIL;
  if (typeof node === 'string') return { k: 'str', v: node };
  if (typeof node === 'boolean') return { k: 'bool', v: node };
  if (typeof node === 'number') {
    return Number.isInteger(node) ? { k: 'int', v: node } : { k: 'float', v: node, bits: 64 };
  }
  if (typeof node === 'bigint') return { k: 'int', v: Number(node) };
  if (Array.isArray(node)) return { k: 'list', items: node.map(anyValue) };
  if (isDict(node)) {
    return { k: 'map', entries: Object.keys(node).map((key) => [key, anyValue(node[key])]) };
  }
  return { k: 'str', v: '' };
}

function str(node: unknown, up: Loc | null, seg: Segment | undefined): string {
  if (node === null || node === undefined) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return goSprint(node);
  return fail(up, seg, `expected type 'string', got unconvertible type '${goType(node)}'`);
}

function goType(node: unknown): string {
  if (Array.isArray(node)) return '[]interface {}';
  if (isDict(node)) return 'map[string]interface {}';
  if (typeof node === 'number') return Number.isInteger(node) ? 'int' : 'float64';
  return typeof node;
}

function int(node: unknown, up: Loc | null, seg: Segment | undefined): number {
  if (typeof node === 'number') return Math.trunc(node);
  if (typeof node === 'string' && /^[+-]?\d+$/.test(node.trim())) return Number(node.trim());
  if (typeof node === 'boolean') return node ? 1 : 0;
  return fail(up, seg, `expected type 'int', got unconvertible type '${goType(node)}'`);
}

function stringMap(
  node: unknown,
  up: Loc | null,
  seg: Segment | undefined,
  nullAs: string | null,
  sep = '=',
): GoValue {
  if (node === null || node === undefined) return NIL;
  const entries: [string, GoValue][] = [];
  const value = (v: string | null): GoValue => (v === null ? NIL : { k: 'str', v });
  if (isDict(node)) {
    for (const key of Object.keys(node)) {
      const e = node[key];
      entries.push([key, value(e === null || e === undefined ? nullAs : goSprint(e))]);
    }
  } else if (Array.isArray(node)) {
    const index = new Map<string, number>();
    for (const item of node) {
      const text = goSprint(item);
      const at = text.indexOf(sep);
      const key = at < 0 ? text : text.slice(0, at);
      const v = at < 0 ? nullAs : text.slice(at + sep.length);
      const prior = index.get(key);
      if (prior === undefined) {
        index.set(key, entries.length);
        entries.push([key, value(v)]);
      } else {
        entries[prior] = [key, value(v)];
      }
    }
  } else {
    return fail(up, seg, `unexpected value type ${goType(node)} for mapping`);
  }
  return { k: 'map', entries };
}

function stringList(
  node: unknown,
  up: Loc | null,
  seg: Segment | undefined,
  single: boolean,
): GoValue {
  if (node === null || node === undefined) return NIL;
  if (typeof node === 'string' && single) return { k: 'list', items: [{ k: 'str', v: node }] };
  if (!Array.isArray(node)) return fail(up, seg, `invalid type ${goType(node)} for string list`);
  const here = at(up, seg);
  return { k: 'list', items: node.map((v, i) => ({ k: 'str', v: str(v, here, i) })) };
}

function hosts(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  if (node === null || node === undefined) return NIL;
  const list: string[] = [];
  const add = (host: string, ips: string[]): void => {
    if (host === '' || /[:=]/.test(host)) fail(up, seg, `bad host name '${host}'`);
    for (const ip of ips) {
      const clean = ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
      list.push(`${host}=${clean}`);
    }
  };
  if (isDict(node)) {
    for (const host of Object.keys(node)) {
      const e = node[host];
      add(host, Array.isArray(e) ? e.map(goSprint) : [e === null ? '' : goSprint(e)]);
    }
  } else if (Array.isArray(node)) {
    const byHost = new Map<string, string[]>();
    for (const item of node) {
      const text = goSprint(item);
      const sep = text.includes('=') ? '=' : text.includes(':') ? ':' : '';
      if (sep === '') fail(up, seg, `invalid additional host, missing IP: ${text}`);
      const at = text.indexOf(sep);
      const host = text.slice(0, at);
      byHost.set(host, [...(byHost.get(host) ?? []), ...text.slice(at + 1).split(',')]);
    }
    for (const [host, ips] of byHost) add(host, ips);
  } else {
    fail(up, seg, `unexpected value type ${goType(node)} for extra_hosts`);
  }
  list.sort(byteOrder);
  return { k: 'list', items: list.map((v) => ({ k: 'str', v })) };
}

const SURROGATE_OR_HIGH = /[\ud800-\uffff]/;

/** Go's string order (bytes of UTF-8, which is code point order). */
export function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order is code point order unless a surrogate meets a code unit above U+DFFF.
  if (!SURROGATE_OR_HIGH.test(a) || !SURROGATE_OR_HIGH.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

function command(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  if (node === null || node === undefined) return NIL;
  if (typeof node === 'string') {
    try {
      return { k: 'list', items: splitShellWords(node).map((v) => ({ k: 'str', v })) };
    } catch (err) {
      return fail(up, seg, (err as Error).message);
    }
  }
  return stringList(node, up, seg, false);
}

function duration(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  try {
    const ns = parseGoDuration(goSprint(node));
    return { k: 'text', v: formatGoDuration(ns), zero: ns === 0n };
  } catch (err) {
    return fail(up, seg, (err as Error).message);
  }
}

function bytes(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  let n: number;
  if (node === null || node === undefined) n = 0;
  else if (typeof node === 'number') n = Math.trunc(node);
  else if (typeof node === 'string') {
    try {
      n = parseBytes(node);
    } catch (err) {
      return fail(up, seg, (err as Error).message);
    }
  } else n = 0;
  return { k: 'text', v: String(n), zero: n === 0 };
}

function mode(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  let n: number;
  if (typeof node === 'number') n = Math.trunc(node);
  else if (typeof node === 'string' && /^[+-]?[0-7]+$/.test(node)) n = parseInt(node, 8);
  else return fail(up, seg, `unexpected value type ${goType(node)} for mode`);
  return { k: 'text', v: `0${n < 0 ? `-${(-n).toString(8)}` : n.toString(8)}`, zero: n === 0 };
}

/**
 * compose-go's `UlimitsConfig`: a number is its `Single` value, written as that number unless it
 * is zero; otherwise (a `soft`/`hard` mapping, or a zero) JSON writes the struct with its zero
 * fields left out (`core: 0` is `{}`), YAML writes `soft` and `hard` always.
 */
function ulimit(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  if (node === null || node === undefined) return NIL;
  if (typeof node === 'number' && Math.trunc(node) !== 0) return { k: 'int', v: Math.trunc(node) };
  if (typeof node !== 'number' && !isDict(node)) {
    return fail(up, seg, `unexpected value type ${goType(node)} for ulimit`);
  }
  const here = at(up, seg);
  const d: Dict = isDict(node) ? node : {};
  const soft = d.soft === undefined ? 0 : int(d.soft, here, 'soft');
  const hard = d.hard === undefined ? 0 : int(d.hard, here, 'hard');
  const field = (key: string, v: number, always: boolean): GoField => ({
    json: v !== 0 ? key : null,
    yaml: always || v !== 0 ? key : null,
    v: { k: 'int', v },
  });
  return {
    k: 'alt',
    json: {
      k: 'struct',
      fields: [field('soft', soft, false), field('hard', hard, false)],
      ext: [],
    },
    yaml: { k: 'struct', fields: [field('soft', soft, true), field('hard', hard, true)], ext: [] },
  };
}

function ssh(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  if (node === null || node === undefined) return NIL;
  let keys: [string, string][];
  if (isDict(node)) {
    keys = Object.keys(node).map((id) => {
      const p = node[id];
      return [id, p === null || p === undefined ? '' : goSprint(p)];
    });
  } else if (Array.isArray(node)) {
    keys = node.map((e) => {
      const text = goSprint(e);
      const at = text.indexOf('=');
      return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
    });
  } else {
    return fail(up, seg, `invalid ssh config type ${goType(node)}`);
  }
  // compose-go fills the list from a Go map, in no fixed order: print it sorted.
  keys.sort((a, b) => byteOrder(a[0], b[0]));
  return {
    k: 'list',
    items: keys.map(([id, p]) => ({
      k: 'alt',
      // Go would fail to write `"id": path` as JSON; the short syntax stays readable.
      json: { k: 'str', v: p === '' ? id : `${id}=${p}` },
      yaml: { k: 'str', v: p === '' ? id : `${id}: ${p}` },
    })),
  };
}

function multiOptions(node: unknown, up: Loc | null, seg: Segment | undefined): GoValue {
  if (node === null || node === undefined) return NIL;
  if (!isDict(node)) return fail(up, seg, `invalid type ${goType(node)} for options`);
  return {
    k: 'map',
    entries: Object.keys(node).map((key) => {
      const e = node[key];
      const items = (Array.isArray(e) ? e : [e]).map(
        (v) => ({ k: 'str', v: goSprint(v) }) as const,
      );
      return [key, { k: 'list', items }];
    }),
  };
}

/**
 * Decodes a tree node as the Go type `type` (notation of compose-types.ts).
 * @throws ModelError when the value cannot be converted, with compose-go's reason
 */
export function decodeAs(node: unknown, type: string, path: Path): GoValue {
  return decoderOf(type)(node, locOf(path), undefined);
}

/** Decodes `node`, found at `seg` below `up` (see {@link Loc}). */
type Decoder = (node: unknown, up: Loc | null, seg: Segment | undefined) => GoValue;

/** Each type's decoder, built once: the type text is read once, not at every value. */
const decoders = new Map<string, Decoder>();

function decoderOf(type: string): Decoder {
  let decoder = decoders.get(type);
  if (decoder === undefined) {
    decoder = buildDecoder(type);
    decoders.set(type, decoder);
  }
  return decoder;
}

function buildDecoder(type: string): Decoder {
  if (type.startsWith('*')) {
    const inner = type.slice(1);
    return (node, up, seg) =>
      node === null || node === undefined ? NIL : { k: 'ptr', v: decoderOf(inner)(node, up, seg) };
  }
  if (type.startsWith('[]')) {
    const inner = type.slice(2);
    return (node, up, seg) => {
      if (node === null || node === undefined) return NIL;
      if (!Array.isArray(node))
        return fail(up, seg, `source data must be an array or slice, got ${goType(node)}`);
      const item = decoderOf(inner);
      const list: readonly unknown[] = node;
      const items = new Array<GoValue>(list.length);
      const here = at(up, seg);
      for (let i = 0; i < list.length; i++) items[i] = item(list[i], here, i);
      return { k: 'list', items };
    };
  }
  if (type.startsWith('{}')) {
    const inner = type.slice(2);
    return (node, up, seg) => {
      if (node === null || node === undefined) return NIL;
      if (!isDict(node)) return fail(up, seg, `expected a map, got '${goType(node)}'`);
      const item = decoderOf(inner);
      const here = at(up, seg);
      return {
        k: 'map',
        entries: Object.keys(node).map((key) => [key, item(node[key], here, key)]),
      };
    };
  }
  switch (type) {
    case 'str':
      return (node, up, seg) => ({ k: 'str', v: str(node, up, seg) });
    case 'bool':
      return (node) => ({ k: 'bool', v: node === true || node === 'true' });
    case 'int':
      return (node, up, seg) => ({
        k: 'int',
        v: node === null || node === undefined ? 0 : int(node, up, seg),
      });
    case 'f32':
      return (node) => ({
        k: 'float',
        v: node === null || node === undefined ? 0 : Math.fround(Number(node)),
        bits: 32,
      });
    case 'dur':
      return (node, up, seg) =>
        node === null || node === undefined
          ? { k: 'text', v: '0s', zero: true }
          : duration(node, up, seg);
    case 'bytes':
      return bytes;
    case 'mode':
      return mode;
    case 'cmd':
      return command;
    case 'hosts':
      return hosts;
    case 'labels':
    case 'mapping':
    case 'options':
      return (node, up, seg) => stringMap(node, up, seg, '');
    case 'mweq':
      return (node, up, seg) => stringMap(node, up, seg, null);
    case 'slist':
    case 'snlist':
      return (node, up, seg) => stringList(node, up, seg, true);
    case 'htest':
      return (node, up, seg) => {
        if (typeof node === 'string') {
          return {
            k: 'list',
            items: [
              { k: 'str', v: 'CMD-SHELL' },
              { k: 'str', v: node },
            ],
          };
        }
        return stringList(node, up, seg, false);
      };
    case 'count':
      return (node, up, seg) => {
        if (typeof node === 'string' && node.toLowerCase() === 'all') return { k: 'int', v: -1 };
        return { k: 'int', v: node === null || node === undefined ? 0 : int(node, up, seg) };
      };
    case 'ulimit':
      return ulimit;
    case 'ssh':
      return ssh;
    case 'mopts':
      return multiOptions;
    case 'any':
      return (node) => anyValue(node);
    default:
      return (node, up, seg) => structValue(node, type, up, seg);
  }
}

/** A struct field with its decoder and, once needed, the value it has when absent. */
interface CompiledField {
  readonly spec: FieldSpec;
  readonly decode: Decoder;
  zero: GoField | undefined;
}

interface CompiledStruct {
  readonly fields: readonly CompiledField[];
  /** The fields a mapping key may hold (as the field's YAML key or its Go key), by key. */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  /** Absent fields that are still printed (zero values not omitted), by index; made once. */
  printedZeros: readonly (readonly [number, GoField])[] | undefined;
}

const compiledStructs = new Map<string, CompiledStruct>();

function compiledStruct(name: string): CompiledStruct {
  let compiled = compiledStructs.get(name);
  if (compiled === undefined) {
    const spec = STRUCTS[name] as readonly FieldSpec[] | undefined;
    if (spec === undefined) throw new Error(`no struct ${name}`);
    const byKey = new Map<string, number[]>();
    const add = (key: string, i: number): void => {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [i]);
      else if (!list.includes(i)) list.push(i);
    };
    spec.forEach((f, i) => {
      add(f.yamlKey, i);
      add(f.key, i);
    });
    compiled = {
      fields: spec.map((f) => ({ spec: f, decode: decoderOf(f.type), zero: undefined })),
      byKey,
      printedZeros: undefined,
    };
    compiledStructs.set(name, compiled);
  }
  return compiled;
}

function printedZeros(compiled: CompiledStruct): readonly (readonly [number, GoField])[] {
  if (compiled.printedZeros === undefined) {
    const out: (readonly [number, GoField])[] = [];
    compiled.fields.forEach((f, i) => {
      const zero = (f.zero ??= withOmission(f.spec, f.decode(undefined, null, undefined)));
      if (zero.json !== null || zero.yaml !== null) out.push([i, zero]);
    });
    compiled.printedZeros = out;
  }
  return compiled.printedZeros;
}

/** Decodes a mapping as the struct `name` of compose-types.ts. */
export function decodeStruct(node: unknown, name: string, path: Path): GoValue {
  return structValue(node, name, locOf(path), undefined);
}

function structValue(
  node: unknown,
  name: string,
  up: Loc | null,
  seg: Segment | undefined,
): GoValue {
  const compiled = compiledStruct(name);
  if (node !== null && node !== undefined && !isDict(node)) {
    return fail(up, seg, `expected a map, got '${goType(node)}'`);
  }
  const d: Dict = node ?? {};
  const here = at(up, seg);
  // The fields the mapping holds, in field order; every other field is its zero value, and
  // of those only the printed ones count (a struct has ~150 fields, a mapping a handful).
  const held: number[] = [];
  let ext: (readonly [string, GoValue])[] | undefined;
  for (const key of Object.keys(d)) {
    const indexes = compiled.byKey.get(key);
    if (indexes !== undefined) for (const i of indexes) if (!held.includes(i)) held.push(i);
    if (key.startsWith('x-') && key !== 'x-#value') (ext ??= []).push([key, anyValue(d[key])]);
  }
  held.sort((a, b) => a - b);
  const zeros = printedZeros(compiled);
  const fields: GoField[] = [];
  let z = 0;
  for (const i of held) {
    while (z < zeros.length && zeros[z][0] < i) fields.push(zeros[z++][1]);
    if (z < zeros.length && zeros[z][0] === i) z++;
    const v = field(compiled.fields[i], d, here);
    // A field neither format prints is left out: it is zero, so it changes no emptiness test.
    if (v.json !== null || v.yaml !== null) fields.push(v);
  }
  while (z < zeros.length) fields.push(zeros[z++][1]);
  return { k: 'struct', fields, ext: ext ?? [] };
}

function field(f: CompiledField, d: Dict, here: Loc): GoField {
  const spec = f.spec;
  // The tree holds the YAML keys; mapstructure matches untagged Go fields (Path, Rate) on them.
  const raw = Object.hasOwn(d, spec.yamlKey)
    ? d[spec.yamlKey]
    : Object.hasOwn(d, spec.key)
      ? d[spec.key]
      : undefined;
  if (raw === undefined) {
    // Most fields are absent: their zero value is the same every time.
    return (f.zero ??= withOmission(spec, f.decode(undefined, here.up, here.seg)));
  }
  return withOmission(spec, f.decode(raw, here, spec.key));
}

function withOmission(f: FieldSpec, v: GoValue): GoField {
  switch (f.omit) {
    case 'e':
      return { json: jsonEmpty(v) ? null : f.key, yaml: yamlZero(v) ? null : f.yamlKey, v };
    case 'J':
      // ShellCommand.IsZero: only nil is empty for YAML.
      return { json: f.key, yaml: v.k === 'nil' ? null : f.yamlKey, v };
    case 'A':
      return { json: f.key, yaml: f.yamlKey, v };
    case 'Z': {
      // OptOut: true is the default, left out; an absent value is Go's zero (false).
      const keep = !(v.k === 'bool' && v.v);
      return { json: keep ? f.key : null, yaml: keep ? f.yamlKey : null, v };
    }
  }
}
