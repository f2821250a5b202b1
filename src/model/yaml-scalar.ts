/**
 * How go-yaml (v4, as docker compose uses it) writes a string scalar: plain when it would read
 * back as the same string, else double-quoted when it would resolve to another type
 * (`"8080"`, `"true"`, `""`, `"0440"`), single-quoted when YAML syntax forbids it plain
 * (`'*'`, `'a: b'`), a literal block for multi-line text, and go-yaml's key order for maps.
 */

const RESERVED = new Set([
  'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf',
  '-.INF', '-0', '-0.0', '<<',
  // YAML 1.1 booleans, quoted for older readers
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF',
]); // prettier-ignore

/** Text that go-yaml always writes plain once it does not resolve to another type. */
const SIMPLE = /^[A-Za-z_/.][A-Za-z0-9_/.=+@$-]*$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
const GO_UINT = /^(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
const TIMESTAMP =
  /^[0-9]{4}-(0?[1-9]|1[0-2])-(0?[1-9]|[12][0-9]|3[01])(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?)?$/;

/** True when a plain scalar `s` would resolve to something other than this string. */
function resolvesToNonString(s: string): boolean {
  if (RESERVED.has(s)) return true;
  const c = s[0];
  if (c === '.') return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s);
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    if (TIMESTAMP.test(s)) return true;
    const plain = s.replaceAll('_', '');
    if (GO_INT.test(plain) || GO_UINT.test(plain) || YAML_FLOAT.test(plain)) return true;
    return BASE60.test(s);
  }
  return false;
}

function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    c === 0x85 ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) ||
    c >= 0x10000
  );
}

const isBreak = (c: number): boolean =>
  c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** The emitter's view of a scalar (libyaml's analyze_scalar, block context). */
function analyze(value: string): Analysis {
  if (value === '') return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const c = ch.codePointAt(0)!;
    const next = chars[i + 1] as string | undefined;
    const followedByWhitespace =
      next === undefined || next === ' ' || next === '\t' || isBreak(next.codePointAt(0)!);
    const last = i === chars.length - 1;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) {
        blockIndicators = true;
      }
    } else if (ch === ':' && followedByWhitespace) blockIndicators = true;
    else if (ch === '#' && precededByWhitespace) blockIndicators = true;
    if (ch === '\t') tabs = true;
    else if (!isPrintable(c)) special = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = ch === ' ' || ch === '\t' || isBreak(c) || c === 0;
  }
  const a: Analysis = { multiline: lineBreaks, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace || spaceBreak || tabs || special) {
    a.blockPlain = false;
    a.singleQuoted = false;
  }
  if (spaceBreak || special) a.block = false;
  if (lineBreaks || blockIndicators) a.blockPlain = false;
  return a;
}

const DOUBLE_ESCAPES: Readonly<Partial<Record<number, string>>> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
}; // prettier-ignore

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
      const named = DOUBLE_ESCAPES[c];
      if (named !== undefined) out += `\\${named}`;
      else if (c <= 0xff) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
      else if (c <= 0xffff) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
      else out += `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

function literal(s: string, indent: string): string {
  let head = '|';
  if (s.startsWith(' ')) head += '2';
  if (!s.endsWith('\n')) head += '-';
  else if (s === '\n' || s.endsWith('\n\n')) head += '+';
  const lines = s.split('\n');
  if (s.endsWith('\n')) lines.pop();
  return `${head}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}`;
}

/**
 * A string scalar as go-yaml writes it.
 * @param indent the indentation of a literal block's lines
 * @param key true for a mapping key (no block scalars there)
 * @returns the text; a literal block spans several lines and has no final newline
 */
export function yamlString(s: string, indent: string, key = false): string {
  if (s.includes('\n')) {
    const a = analyze(s);
    const useLiteral = s.length >= 2 && /\S/u.test(s) && !key && a.block;
    return useLiteral ? literal(s, indent) : doubleQuoted(s);
  }
  if (resolvesToNonString(s) || BASE60.test(s)) return doubleQuoted(s);
  if (SIMPLE.test(s) && !s.startsWith('...')) return s;
  const a = analyze(s);
  if (key && a.multiline) return doubleQuoted(s);
  if (a.blockPlain) return s;
  return a.singleQuoted ? `'${s.replaceAll("'", "''")}'` : doubleQuoted(s);
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(ch);
}

function isDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(ch);
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/** go-yaml's order of string map keys: digit runs compared by value, then letters, then code points. */
export function yamlKeyOrder(a: string, b: string): number {
  if (a === b) return 0;
  const ar = ASCII.test(a) ? a : Array.from(a);
  const br = ASCII.test(b) ? b : Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ai = ar[i];
    const bi = br[i];
    if (ai === bi) {
      digits = isDigit(ai);
      continue;
    }
    const al = isLetter(ai);
    const bl = isLetter(bi);
    if (al && bl) return ai.codePointAt(0)! < bi.codePointAt(0)! ? -1 : 1;
    if (al || bl) {
      if (digits) return al ? -1 : 1;
      return bl ? -1 : 1;
    }
    let an = 0;
    let bn = 0;
    if (ai === '0' || bi === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let aj = i;
    for (; aj < ar.length && isDigit(ar[aj]); aj++) an = an * 10 + (ar[aj].charCodeAt(0) - 48);
    let bj = i;
    for (; bj < br.length && isDigit(br[bj]); bj++) bn = bn * 10 + (br[bj].charCodeAt(0) - 48);
    if (an !== bn) return an < bn ? -1 : 1;
    if (aj !== bj) return aj < bj ? -1 : 1;
    return ai.codePointAt(0)! < bi.codePointAt(0)! ? -1 : 1;
  }
  return ar.length < br.length ? -1 : 1;
}
