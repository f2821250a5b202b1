/**
 * The parser of Go's text/template language, for the part of it that `--format` templates use:
 * text, actions with trim markers and comments, pipelines (`|`), fields (`.A.B`), variables
 * (`$`, `$x := ...`), string, number and boolean literals, parenthesised pipelines, function
 * calls, and `if` / `else if` / `else`, `range` and `with` blocks with `end`.
 */

/** A template parse or execution error, worded as Go's text/template words it. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** An operand of a command. */
export type Arg =
  /** `.A.B` on dot, or `$x.A` / `(pipeline).A` on another value. */
  | {
      readonly k: 'field';
      readonly on: Arg | null;
      readonly names: readonly string[];
      readonly pos: number;
      readonly text: string;
    }
  | { readonly k: 'dot'; readonly pos: number }
  | { readonly k: 'var'; readonly name: string; readonly pos: number }
  | { readonly k: 'func'; readonly name: string; readonly pos: number }
  | { readonly k: 'lit'; readonly v: string | number | boolean | null; readonly pos: number }
  | { readonly k: 'pipe'; readonly pipe: Pipeline; readonly pos: number };

/** A command: an operand, or a function or method with its arguments. */
export interface Cmd {
  readonly args: readonly Arg[];
  readonly pos: number;
  /** The command's source text, for error messages (`<index .Tags 5>`). */
  readonly text: string;
}

/** Commands joined by `|`, optionally declaring (`:=`) or assigning (`=`) variables. */
export interface Pipeline {
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly cmds: readonly Cmd[];
  readonly pos: number;
  /** The pipeline's source text, for error messages. */
  readonly text: string;
}

/** A node of the parsed template. */
export type Node =
  | { readonly k: 'text'; readonly text: string }
  | { readonly k: 'action'; readonly pipe: Pipeline }
  | {
      readonly k: 'if' | 'with' | 'range';
      readonly pipe: Pipeline;
      readonly list: readonly Node[];
      readonly elseList: readonly Node[];
    }
  | { readonly k: 'break' | 'continue' };

type Token = (
  | { t: 'field'; v: string }
  | { t: 'var'; v: string }
  | { t: 'ident'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'punct'; v: string }
  | { t: 'dot' }
) & { pos: number; end: number };

/** The 1-based line of a byte position, and its column (0-based, as Go counts). */
export function lineCol(src: string, pos: number): [number, number] {
  const before = src.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  return [before.split('\n').length, pos - nl - 1];
}

/**
 * Parses a template.
 * @param funcs the names of the functions the template may call
 * @throws TemplateError for text outside the language, as Go reports it (`template: :1: ...`)
 */
export function parseTemplate(src: string, funcs: ReadonlySet<string>): readonly Node[] {
  return new Parser(src, funcs).parse();
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'break', 'continue']);
const LITERALS: Readonly<Record<string, boolean | null>> = { true: true, false: false, nil: null };

class Parser {
  private at = 0;
  private tokens: Token[] = [];
  private ti = 0;
  private actionPos = 0;

  constructor(
    private readonly src: string,
    private readonly funcs: ReadonlySet<string>,
  ) {}

  private fail(pos: number, message: string): never {
    throw new TemplateError(`template: :${lineCol(this.src, pos)[0]}: ${message}`);
  }

  parse(): readonly Node[] {
    const [nodes, end] = this.list();
    if (end !== null) this.fail(this.actionPos, `unexpected {{${end}}}`);
    return nodes;
  }

  /** Nodes up to an `{{end}}` or `{{else ...}}` (returned with the rest of its action) or the end. */
  private list(): [Node[], string | null] {
    const nodes: Node[] = [];
    for (;;) {
      const open = this.src.indexOf('{{', this.at);
      let text = this.src.slice(this.at, open === -1 ? undefined : open);
      if (open === -1) {
        if (text !== '') nodes.push({ k: 'text', text });
        return [nodes, null];
      }
      const trimLeft = /^\{\{-[ \t\r\n]/.test(this.src.slice(open, open + 4));
      if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
      if (text !== '') nodes.push({ k: 'text', text });
      const inner = open + (trimLeft ? 3 : 2);
      this.actionPos = open;
      const comment = this.comment(inner);
      const [close, trimRight] = comment ?? this.actionEnd(inner);
      this.at = close + (trimRight ? 3 : 2);
      if (trimRight) this.at += /^[ \t\r\n]*/.exec(this.src.slice(this.at))![0].length;
      if (comment !== undefined) continue;
      this.tokens = this.lex(inner, close);
      this.ti = 0;
      const first = this.tokens[0] as Token | undefined;
      if (first === undefined) this.fail(open, 'missing value for command');
      if (first.t === 'ident' && KEYWORDS.has(first.v)) {
        this.ti = 1;
        switch (first.v) {
          case 'end':
            this.expectEnd();
            return [nodes, 'end'];
          case 'else':
            return [nodes, 'else'];
          case 'if':
          case 'with':
          case 'range':
            nodes.push(this.block(first.v));
            continue;
          case 'break':
          case 'continue':
            this.expectEnd();
            nodes.push({ k: first.v });
            continue;
        }
      }
      nodes.push({ k: 'action', pipe: this.pipeline(false) });
      this.expectEnd();
    }
  }

  /** A comment action (a Go block comment inside `{{ }}`) at `inner`: where it ends, or nothing. */
  private comment(inner: number): [number, boolean] | undefined {
    const m = /^[ \t\r\n]*\/\*/.exec(this.src.slice(inner, inner + 64));
    if (m === null) return undefined;
    const end = this.src.indexOf('*/', inner + m[0].length);
    if (end === -1) this.fail(inner, 'unclosed comment');
    const after = this.src.slice(end + 2);
    if (after.startsWith('}}')) return [end + 2, false];
    if (/^[ \t\r\n]-\}\}/.test(after)) return [end + 3, true];
    return this.fail(inner, 'comment ends before closing delimiter');
  }

  private block(kind: 'if' | 'with' | 'range'): Node {
    const pipe = this.pipeline(kind === 'range');
    this.expectEnd();
    const [list, end] = this.list();
    if (end === null) this.fail(this.src.length, `unexpected EOF`);
    let elseList: Node[] = [];
    if (end === 'else') {
      const next = this.tokens[this.ti] as Token | undefined;
      if (next !== undefined && next.t === 'ident' && (next.v === 'if' || next.v === 'with')) {
        // `{{else if x}}` is an `{{if x}}` inside the else branch, sharing the `{{end}}`.
        this.ti++;
        elseList = [this.block(next.v)];
      } else {
        this.expectEnd();
        const [rest, end2] = this.list();
        if (end2 !== 'end') this.fail(this.src.length, 'unexpected EOF');
        elseList = rest;
      }
    }
    return { k: kind, pipe, list, elseList };
  }

  private expectEnd(): void {
    const extra = this.tokens[this.ti] as Token | undefined;
    if (extra !== undefined) this.fail(extra.pos, `unexpected ${describe(extra)} in end`);
  }

  /** Where the action that starts at `from` ends (its `}}`), and whether it trims on the right. */
  private actionEnd(from: number): [number, boolean] {
    let i = from;
    while (i < this.src.length) {
      const c = this.src[i];
      if (c === '"' || c === '`' || c === "'") {
        const close = c === '`' ? this.src.indexOf('`', i + 1) : quotedEnd(this.src, i);
        if (close === -1) this.fail(i, 'unterminated quoted string');
        i = close + 1;
        continue;
      }
      if (this.src.startsWith(' -}}', i) || this.src.startsWith('\t-}}', i)) return [i + 1, true];
      if (this.src.startsWith('\n-}}', i)) return [i + 1, true];
      if (this.src.startsWith('}}', i)) return [i, false];
      i++;
    }
    return this.fail(from, 'unclosed action');
  }

  private lex(from: number, to: number): Token[] {
    const out: Token[] = [];
    let i = from;
    const s = this.src;
    while (i < to) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
        i++;
        continue;
      }
      if (c === '"' || c === '`') {
        const close = c === '`' ? s.indexOf('`', i + 1) : quotedEnd(s, i);
        const raw = s.slice(i, close + 1);
        const v =
          c === '`' ? raw.slice(1, -1) : unquote(raw, () => this.fail(i, `bad string ${raw}`));
        out.push({ t: 'str', v, pos: i, end: close + 1 });
        i = close + 1;
        continue;
      }
      if (c === "'") {
        const close = quotedEnd(s, i);
        const ch = unquote(`"${s.slice(i + 1, close)}"`, () =>
          this.fail(i, 'bad character constant'),
        );
        out.push({ t: 'num', v: ch.codePointAt(0) ?? 0, pos: i, end: close + 1 });
        i = close + 1;
        continue;
      }
      const rest = s.slice(i, to);
      const m =
        /^(:=|[|(),=])/.exec(rest) ??
        /^[-+]?(0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9]+([eE][-+]?[0-9]+)?)/.exec(
          rest,
        );
      if (m !== null && /^[:|(),=]/.test(m[0])) {
        out.push({ t: 'punct', v: m[0], pos: i, end: i + m[0].length });
        i += m[0].length;
        continue;
      }
      if (m !== null) {
        out.push({ t: 'num', v: Number(m[0].replace(/_/g, '')), pos: i, end: i + m[0].length });
        i += m[0].length;
        continue;
      }
      const word = /^(\.[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
      if (word !== null) {
        const w = word[0];
        const end = i + w.length;
        out.push(
          w.startsWith('.')
            ? { t: 'field', v: w.slice(1), pos: i, end }
            : w.startsWith('$')
              ? { t: 'var', v: w, pos: i, end }
              : { t: 'ident', v: w, pos: i, end },
        );
        i += w.length;
        continue;
      }
      if (c === '.') {
        out.push({ t: 'dot', pos: i, end: i + 1 });
        i++;
        continue;
      }
      this.fail(i, `unexpected ${JSON.stringify(c)} in command`);
    }
    return out;
  }

  private peek(): Token | undefined {
    return this.tokens[this.ti];
  }

  private pipeline(rangeDecl: boolean): Pipeline {
    const pos = this.peek()?.pos ?? this.actionPos;
    const decl: string[] = [];
    let assign = false;
    // `$x := `, `$x = `, and in range `$i, $e := `.
    const save = this.ti;
    const names: string[] = [];
    while (this.peek()?.t === 'var') {
      names.push((this.peek() as { v: string }).v);
      this.ti++;
      const p = this.peek();
      if (p?.t === 'punct' && (p.v === ':=' || p.v === '=')) {
        assign = p.v === '=';
        this.ti++;
        decl.push(...names);
        break;
      }
      if (rangeDecl && p?.t === 'punct' && p.v === ',' && names.length === 1) {
        this.ti++;
        continue;
      }
      this.ti = save;
      names.length = 0;
      break;
    }
    const cmds: Cmd[] = [];
    for (;;) {
      cmds.push(this.command());
      const p = this.peek();
      if (p === undefined || (p.t === 'punct' && p.v === ')')) break;
      if (p.t === 'punct' && p.v === '|') {
        this.ti++;
        continue;
      }
      this.fail(p.pos, `unexpected ${describe(p)} in operand`);
    }
    return { decl, assign, cmds, pos, text: this.src.slice(pos, this.tokens[this.ti - 1].end) };
  }

  private command(): Cmd {
    const args: Arg[] = [];
    const pos = this.peek()?.pos ?? this.actionPos;
    for (;;) {
      const p = this.peek();
      if (p === undefined || (p.t === 'punct' && (p.v === '|' || p.v === ')'))) break;
      args.push(this.operand());
    }
    if (args.length === 0) this.fail(pos, 'missing value for command');
    return { args, pos, text: this.src.slice(pos, this.tokens[this.ti - 1].end) };
  }

  private operand(): Arg {
    const tok = this.peek()!;
    this.ti++;
    let arg: Arg;
    switch (tok.t) {
      case 'field':
        return this.fields(null, tok.v, tok.pos);
      case 'dot':
        return { k: 'dot', pos: tok.pos };
      case 'var':
        arg = { k: 'var', name: tok.v, pos: tok.pos };
        break;
      case 'str':
      case 'num':
        return { k: 'lit', v: tok.v, pos: tok.pos };
      case 'ident':
        if (Object.hasOwn(LITERALS, tok.v)) return { k: 'lit', v: LITERALS[tok.v], pos: tok.pos };
        if (!this.funcs.has(tok.v)) this.fail(tok.pos, `function "${tok.v}" not defined`);
        return { k: 'func', name: tok.v, pos: tok.pos };
      case 'punct':
        if (tok.v !== '(') this.fail(tok.pos, `unexpected ${describe(tok)} in operand`);
        arg = { k: 'pipe', pipe: this.pipeline(false), pos: tok.pos };
        if (this.peek()?.t !== 'punct' || (this.peek() as { v: string }).v !== ')') {
          this.fail(tok.pos, 'unclosed left paren');
        }
        this.ti++;
        break;
    }
    const next = this.peek();
    if (next?.t === 'field' && next.pos === this.endOf()) {
      this.ti++;
      return this.fields(arg, next.v, tok.pos);
    }
    return arg;
  }

  /** Where the last operand's text ends, to tell `$x.A` (a field of $x) from `$x .A` (two). */
  private endOf(): number {
    return this.tokens[this.ti - 1].end;
  }

  /** A chain of fields; Go reports it at its last name (`.Nested.Nope` at `.Nope`). */
  private fields(on: Arg | null, first: string, start: number): Arg {
    const names = [first];
    let last = this.tokens[this.ti - 1];
    for (;;) {
      const p = this.peek();
      if (p?.t !== 'field' || p.pos !== last.end) break;
      names.push(p.v);
      last = p;
      this.ti++;
    }
    return { k: 'field', on, names, pos: last.pos, text: this.src.slice(start, last.end) };
  }
}

/** Where a `"`- or `'`-quoted literal starting at `from` ends (its closing quote), or -1. */
function quotedEnd(s: string, from: number): number {
  const q = s[from];
  for (let i = from + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === q) return i;
    else if (s[i] === '\n') return -1;
  }
  return -1;
}

/** A Go interpreted string literal's value (`\t`, `\x41`, `\u00e9`, `\101`, ...). */
function unquote(lit: string, bad: () => never): string {
  let out = '';
  for (let i = 1; i < lit.length - 1; i++) {
    const c = lit[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = lit[++i];
    const simple: Readonly<Record<string, string>> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (Object.hasOwn(simple, e)) {
      out += simple[e];
      continue;
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = lit.slice(i + 1, i + 1 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) bad();
      out += String.fromCodePoint(parseInt(digits, 16));
      i += hex;
      continue;
    }
    const oct = lit.slice(i, i + 3);
    if (/^[0-7]{3}$/.test(oct)) {
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
      continue;
    }
    bad();
  }
  return out;
}

function describe(t: Token): string {
  switch (t.t) {
    case 'punct':
      return `"${t.v}"`;
    case 'dot':
      return '<.>';
    case 'field':
      return `<.${t.v}>`;
    case 'str':
      return `quoted string`;
    case 'num':
      return `number`;
    default:
      return `<${t.v}>`;
  }
}
