/**
 * Go's text/template, as the docker CLI runs `--format` templates: the language of
 * go-template-parse.ts, Go's built-in functions (`and`, `or`, `not`, `len`, `index`, `print`,
 * `printf`, `println`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`) and the docker CLI's own (`json`,
 * `split`, `join`, `title`, `lower`, `upper`, `pad`, `truncate`).
 *
 * Data model: a plain object is a Go struct (its properties are fields; a function property is
 * a method taking arguments, such as `.Label "key"`); a `Map` or {@link TemplateMap} is a Go
 * map (a missing key prints `<no value>`); arrays are slices; `null` is nil.
 */
import { goJson } from './go-json.js';
import { goSprint, goSprintf } from './go-printf.js';
import {
  lineCol,
  parseTemplate,
  TemplateError,
  type Arg,
  type Cmd,
  type Node,
  type Pipeline,
} from './go-template-parse.js';

export { TemplateError } from './go-template-parse.js';

/** A function a template calls. */
export type TemplateFunc = (...args: unknown[]) => unknown;

/** The Go type name a struct reports in errors (`*formatter.ContainerContext`). */
export const GO_TYPE: unique symbol = Symbol('go type');

/** A Go map with methods (the docker CLI's header maps, whose `.Label "k"` is a method). */
export class TemplateMap {
  constructor(
    readonly values: ReadonlyMap<string, unknown>,
    readonly methods: Readonly<Record<string, TemplateFunc>> = {},
  ) {}
}

/** The value of a missing map key, printed `<no value>`. */
const NO_VALUE: unique symbol = Symbol('no value');

function isMap(v: unknown): v is ReadonlyMap<string, unknown> | TemplateMap {
  return v instanceof Map || v instanceof TemplateMap;
}

function mapEntries(v: ReadonlyMap<string, unknown> | TemplateMap): [string, unknown][] {
  const m = v instanceof TemplateMap ? v.values : v;
  return [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The Go type of a value, for error messages. */
function typeName(v: unknown): string {
  if (v === null || v === undefined || v === NO_VALUE) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]string';
  if (typeof v === 'object') return (v as { [GO_TYPE]?: string })[GO_TYPE] ?? 'struct';
  return typeof v;
}

/** Go's template truth: false, 0, "", nil and empty slices and maps are false. */
export function truth(v: unknown): boolean {
  if (v === null || v === undefined || v === NO_VALUE || v === false || v === 0 || v === '') {
    return false;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof TemplateMap) return v.values.size > 0;
  return true;
}

/** How a value prints in the output, as Go's fmt prints it (`<no value>` for a missing key). */
export function printValue(v: unknown): string {
  if (v === NO_VALUE || v === undefined) return '<no value>';
  return goSprint(v);
}

/** fmt.Sprint's spacing: a space between two operands when neither is a string. */
function sprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += printValue(a);
  });
  return out;
}

function compare(op: string, a: unknown, b: unknown): number {
  const kind = (v: unknown): string =>
    typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : typeof v;
  if (kind(a) !== kind(b) || (typeof a !== 'number' && typeof a !== 'string')) {
    if (op === 'eq' || op === 'ne') {
      if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : 1;
      if ((a === null || a === NO_VALUE) && (b === null || b === NO_VALUE)) return 0;
    }
    throw new TemplateError(`incompatible types for comparison`);
  }
  return a === b ? 0 : a < (b as number | string) ? -1 : 1;
}

/** Go's `strings.Title`: each letter after a separator upper-cased. */
function title(s: string): string {
  // Go's isSeparator: in ASCII all but letters, digits and `_`; beyond it, spaces only.
  const separator = (c: string): boolean =>
    c.charCodeAt(0) < 0x80 ? !/[A-Za-z0-9_]/.test(c) : /\s/u.test(c) && !/[\p{L}\p{N}]/u.test(c);
  let prev = ' ';
  let out = '';
  for (const c of s) {
    out += separator(prev) ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

function asString(v: unknown, fn: string): string {
  if (typeof v !== 'string') {
    throw new TemplateError(`wrong type for value; expected string; got ${typeName(v)} in ${fn}`);
  }
  return v;
}

function asInt(v: unknown, fn: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new TemplateError(`wrong type for value; expected int; got ${typeName(v)} in ${fn}`);
  }
  return v;
}

/** Go's and the docker CLI's template functions. */
export const BASIC_FUNCS: Readonly<Record<string, TemplateFunc>> = {
  and: (...args) => args.find((a) => !truth(a)) ?? args[args.length - 1],
  or: (...args) => args.find((a) => truth(a)) ?? args[args.length - 1],
  not: (a) => !truth(a),
  len: (a) => {
    if (typeof a === 'string') return Buffer.byteLength(a);
    if (Array.isArray(a)) return a.length;
    if (a instanceof Map) return a.size;
    if (a instanceof TemplateMap) return a.values.size;
    throw new TemplateError(`len of type ${typeName(a)}`);
  },
  index: (a, ...keys) => {
    let v = a;
    for (const k of keys) {
      if (Array.isArray(v)) {
        const i = asInt(k, 'index');
        if (i < 0 || i >= v.length) throw new TemplateError(`index out of range: ${i}`);
        v = v[i];
      } else if (isMap(v)) {
        const m = v instanceof TemplateMap ? v.values : v;
        v = m.has(asString(k, 'index')) ? m.get(k as string) : NO_VALUE;
      } else {
        throw new TemplateError(`can't index item of type ${typeName(v)}`);
      }
    }
    return v;
  },
  print: (...args) => sprint(args),
  println: (...args) => `${args.map(printValue).join(' ')}\n`,
  printf: (format, ...args) => goSprintf(asString(format, 'printf'), args),
  eq: (a, ...rest) => rest.some((b) => compare('eq', a, b) === 0),
  ne: (a, b) => compare('ne', a, b) !== 0,
  lt: (a, b) => compare('lt', a, b) < 0,
  le: (a, b) => compare('le', a, b) <= 0,
  gt: (a, b) => compare('gt', a, b) > 0,
  ge: (a, b) => compare('ge', a, b) >= 0,
  // The docker CLI's functions (cli/templates).
  json: (v) => goJson(v === NO_VALUE ? null : v instanceof TemplateMap ? v.values : v, false),
  split: (s, sep) => {
    const text = asString(s, 'split');
    const by = asString(sep, 'split');
    return by === '' ? Array.from(text) : text.split(by);
  },
  join: (elems, sep) => {
    const by = asString(sep, 'join');
    if (elems === null || elems === undefined) return '';
    if (Array.isArray(elems)) return elems.map(printValue).join(by);
    if (isMap(elems))
      return mapEntries(elems)
        .map(([, v]) => printValue(v))
        .sort()
        .join(by);
    throw new TemplateError(`expected slice, got ${typeName(elems)}`);
  },
  title: (s) => title(asString(s, 'title')),
  lower: (s) => asString(s, 'lower').toLowerCase(),
  upper: (s) => asString(s, 'upper').toUpperCase(),
  pad: (s, prefix, suffix) => {
    const text = asString(s, 'pad');
    if (text === '') return '';
    return ' '.repeat(asInt(prefix, 'pad')) + text + ' '.repeat(asInt(suffix, 'pad'));
  },
  truncate: (s, n) => {
    const text = asString(s, 'truncate');
    const length = asInt(n, 'truncate');
    const bytes = Buffer.from(text);
    return bytes.length < length ? text : bytes.subarray(0, length).toString();
  },
};

/**
 * The docker CLI's functions for a table's header row: they leave the column title as it is
 * (`{{upper .Name}}` has the title `NAME`, not its upper case), except `pad`.
 */
export const HEADER_FUNCS: Readonly<Record<string, TemplateFunc>> = {
  ...BASIC_FUNCS,
  json: (v) => v,
  split: (v) => v,
  join: (v) => v,
  title: (v) => v,
  lower: (v) => v,
  upper: (v) => v,
  truncate: (v) => v,
};

/** A parsed template, run on one value after another. */
export interface Template {
  /**
   * Runs the template on `data`.
   * @param funcs the functions, {@link BASIC_FUNCS} by default ({@link HEADER_FUNCS} for a header)
   * @throws TemplateError as Go reports an execution error (`template: :1:2: executing "" at
   *   <.Foo>: can't evaluate field Foo in type ...`)
   */
  execute(data: unknown, funcs?: Readonly<Record<string, TemplateFunc>>): string;
}

/**
 * Parses a Go template.
 * @throws TemplateError for a parse error, as Go words it (`template: :1: function "x" not defined`)
 * @example parse('{{.Name}}\t{{.Label "com.example"}}').execute(row)
 */
export function parse(text: string): Template {
  const nodes = parseTemplate(text, new Set(Object.keys(BASIC_FUNCS)));
  return {
    execute: (data, funcs = BASIC_FUNCS) => new Exec(text, funcs, data).run(nodes),
  };
}

/** `{{break}}` and `{{continue}}`, thrown up to the `range` they end. */
class LoopControl extends Error {
  constructor(readonly kind: 'break' | 'continue') {
    super(kind);
  }
}

class Exec {
  private readonly vars: [string, unknown][];
  private out = '';

  constructor(
    private readonly src: string,
    private readonly funcs: Readonly<Record<string, TemplateFunc>>,
    data: unknown,
  ) {
    this.vars = [['$', data]];
  }

  run(nodes: readonly Node[]): string {
    this.list(nodes, this.vars[0][1]);
    return this.out;
  }

  private fail(pos: number, at: string, message: string): never {
    const [line, col] = lineCol(this.src, pos);
    throw new TemplateError(`template: :${line}:${col}: executing "" at <${at}>: ${message}`);
  }

  private list(nodes: readonly Node[], dot: unknown): void {
    const mark = this.vars.length;
    try {
      for (const n of nodes) this.node(n, dot);
    } finally {
      this.vars.length = mark;
    }
  }

  private node(n: Node, dot: unknown): void {
    switch (n.k) {
      case 'text':
        this.out += n.text;
        return;
      case 'action': {
        const v = this.pipeline(n.pipe, dot);
        if (n.pipe.decl.length === 0) this.out += printValue(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.pipeline(n.pipe, dot);
        if (truth(v)) this.list(n.list, n.k === 'with' ? v : dot);
        else this.list(n.elseList, dot);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.range(n.pipe, n.list, n.elseList, dot);
        return;
      case 'break':
      case 'continue':
        throw new LoopControl(n.k);
    }
  }

  private range(
    pipe: Pipeline,
    list: readonly Node[],
    elseList: readonly Node[],
    dot: unknown,
  ): void {
    const value = this.pipeline({ ...pipe, decl: [] }, dot);
    let items: [unknown, unknown][];
    if (Array.isArray(value)) items = value.map((v, i) => [i, v]);
    else if (isMap(value)) items = mapEntries(value);
    else if (typeof value === 'number' && Number.isInteger(value)) {
      items = Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
    } else if (value === null || value === undefined || value === NO_VALUE) items = [];
    else this.fail(pipe.pos, pipe.text, `range can't iterate over ${printValue(value)}`);
    if (items.length === 0) {
      this.list(elseList, dot);
      return;
    }
    for (const [key, item] of items) {
      const mark = this.vars.length;
      if (pipe.decl.length === 1) this.vars.push([pipe.decl[0], item]);
      if (pipe.decl.length === 2) this.vars.push([pipe.decl[0], key], [pipe.decl[1], item]);
      try {
        this.list(list, item);
      } catch (err) {
        if (!(err instanceof LoopControl)) throw err;
        if (err.kind === 'break') break;
      } finally {
        this.vars.length = mark;
      }
    }
  }

  private pipeline(pipe: Pipeline, dot: unknown): unknown {
    let value: unknown = undefined;
    pipe.cmds.forEach((cmd, i) => {
      value = this.command(cmd, dot, i === 0 ? [] : [value]);
    });
    if (pipe.decl.length > 0) {
      const name = pipe.decl[0];
      if (pipe.assign) {
        const slot = [...this.vars].reverse().find(([n]) => n === name);
        if (slot === undefined) this.fail(pipe.pos, name, `undefined variable: ${name}`);
        slot[1] = value;
      } else {
        this.vars.push([name, value]);
      }
    }
    return value;
  }

  private command(cmd: Cmd, dot: unknown, final: unknown[]): unknown {
    const [first, ...rest] = cmd.args;
    switch (first.k) {
      case 'func': {
        const fn = this.funcs[first.name] as TemplateFunc | undefined;
        if (fn === undefined)
          this.fail(first.pos, first.name, `function "${first.name}" not defined`);
        const values = [...rest.map((a) => this.arg(a, dot)), ...final];
        try {
          return fn(...values);
        } catch (err) {
          if (err instanceof TemplateError && !err.message.startsWith('template:')) {
            this.fail(first.pos, cmd.text, `error calling ${first.name}: ${err.message}`);
          }
          throw err;
        }
      }
      case 'field':
        return this.field(first, dot, [...rest.map((a) => this.arg(a, dot)), ...final]);
      default:
        if (rest.length > 0 || final.length > 0) {
          this.fail(
            first.pos,
            this.text(first),
            `can't give argument to non-function ${this.text(first)}`,
          );
        }
        return this.arg(first, dot);
    }
  }

  private text(a: Arg): string {
    switch (a.k) {
      case 'field':
        return a.text;
      case 'dot':
        return '.';
      case 'var':
      case 'func':
        return a.name;
      case 'lit':
        return JSON.stringify(a.v);
      case 'pipe':
        return '(...)';
    }
  }

  private arg(a: Arg, dot: unknown): unknown {
    switch (a.k) {
      case 'dot':
        return dot;
      case 'lit':
        return a.v;
      case 'var': {
        const slot = [...this.vars].reverse().find(([n]) => n === a.name);
        if (slot === undefined) this.fail(a.pos, a.name, `undefined variable: ${a.name}`);
        return slot[1];
      }
      case 'pipe':
        return this.pipeline(a.pipe, dot);
      case 'field':
        return this.field(a, dot, []);
      case 'func':
        return this.command({ args: [a], pos: a.pos, text: a.name }, dot, []);
    }
  }

  /** `.A.B` with `args` given to the last name (a method's arguments). */
  private field(a: Extract<Arg, { k: 'field' }>, dot: unknown, args: unknown[]): unknown {
    let v = a.on === null ? dot : this.arg(a.on, dot);
    a.names.forEach((name, i) => {
      const last = i === a.names.length - 1;
      v = this.lookup(v, name, last ? args : [], a);
    });
    return v;
  }

  private lookup(
    v: unknown,
    name: string,
    args: unknown[],
    a: Extract<Arg, { k: 'field' }>,
  ): unknown {
    if (v instanceof TemplateMap && Object.hasOwn(v.methods, name)) return v.methods[name](...args);
    if (isMap(v)) {
      if (args.length > 0) this.fail(a.pos, a.text, `${name} is not a method but has arguments`);
      const m = v instanceof TemplateMap ? v.values : v;
      return m.has(name) ? m.get(name) : NO_VALUE;
    }
    if (v === null || v === undefined || v === NO_VALUE) {
      this.fail(a.pos, a.text, `nil pointer evaluating interface {}.${name}`);
    }
    if (typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, name)) {
      const f = (v as Record<string, unknown>)[name];
      if (typeof f === 'function') {
        try {
          return (f as TemplateFunc)(...args);
        } catch (err) {
          if (err instanceof TemplateError)
            this.fail(a.pos, a.text, `error calling ${name}: ${err.message}`);
          throw err;
        }
      }
      if (args.length > 0) {
        this.fail(a.pos, a.text, `${name} has arguments but cannot be invoked as function`);
      }
      return f;
    }
    return this.fail(a.pos, a.text, `can't evaluate field ${name} in type ${typeName(v)}`);
  }
}
