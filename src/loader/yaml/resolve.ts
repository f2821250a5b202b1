import {
  BINARY_TAG,
  BOOL_TAG,
  FLOAT_TAG,
  INT_TAG,
  MERGE_TAG,
  NULL_TAG,
  STR_TAG,
  TIMESTAMP_TAG,
} from './node.js';

/**
 * Scalar resolution as go.yaml.in/yaml/v4 does it for an `interface{}` target: YAML 1.2 core
 * booleans and nulls only (`yes`/`on` stay strings), integers as Go's `strconv.ParseInt(s, 0,
 * 64)` reads them after dropping `_` (so `0755` is octal, 493), floats in YAML style.
 */

/** A resolved scalar: its tag and value. */
export interface Resolved {
  tag: string;
  value: unknown;
}

const FIXED = new Map<string, Resolved>();
for (const [tag, value, words] of [
  [BOOL_TAG, true, ['true', 'True', 'TRUE']],
  [BOOL_TAG, false, ['false', 'False', 'FALSE']],
  [NULL_TAG, null, ['', '~', 'null', 'Null', 'NULL']],
  [FLOAT_TAG, NaN, ['.nan', '.NaN', '.NAN']],
  [FLOAT_TAG, Infinity, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [FLOAT_TAG, -Infinity, ['-.inf', '-.Inf', '-.INF']],
  [FLOAT_TAG, -0, ['-0', '-0.0']],
  [MERGE_TAG, '<<', ['<<']],
] as const) {
  for (const w of words) FIXED.set(w, { tag, value });
}

const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What Go's ParseFloat accepts for text starting with '.', underscores between digits. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
const TIMESTAMP_START = /^[0-9]{4}-/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Tags whose scalars the resolver understands; others keep their text. */
function resolvable(tag: string): boolean {
  return (
    tag === '' ||
    tag === STR_TAG ||
    tag === BOOL_TAG ||
    tag === INT_TAG ||
    tag === FLOAT_TAG ||
    tag === NULL_TAG ||
    tag === TIMESTAMP_TAG
  );
}

/** First-character classes: sign, digit, words of the fixed table, '.', or nothing. */
function hint(c: number): number {
  if (c === 43 || c === 45) return 1; // S
  if (c >= 48 && c <= 57) return 2; // D
  if (c === 46) return 3; // .
  switch (c) {
    case 121: // y Y n N t T f F o O ~ <
    case 89:
    case 110:
    case 78:
    case 116:
    case 84:
    case 102:
    case 70:
    case 111:
    case 79:
    case 126:
    case 60:
      return 4; // M
  }
  return 0;
}

/** Go's strconv.ParseInt(s, 0, 64) then ParseUint(s, 0, 64); undefined when neither accepts s. */
export function parseGoInt(s: string): number | undefined {
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  let base = 10;
  if (s.charCodeAt(i) === 48 && i + 1 < s.length) {
    const p = s.charCodeAt(i + 1) | 0x20;
    if (p === 120) base = 16;
    else if (p === 111) base = 8;
    else if (p === 98) base = 2;
    else base = 8;
    i += base === 8 && p !== 111 ? 1 : 2;
  }
  if (i >= s.length) return undefined;
  const digits = s.slice(i);
  for (let k = 0; k < digits.length; k++) {
    const c = digits.charCodeAt(k);
    const d = c <= 57 ? c - 48 : (c | 0x20) - 87;
    if (d < 0 || d >= base || (c > 57 && (c | 0x20) < 97)) return undefined;
  }
  if (base === 10 && digits.length <= 15) {
    const v = Number(digits);
    // Go ints have no negative zero: -0 and -00 are 0.
    return neg ? 0 - v : v;
  }
  let big = BigInt((base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '') + digits);
  if (neg) big = -big;
  // ParseUint accepts no sign, so a '+' or '-' limits the value to int64.
  if (big < INT64_MIN || big > (c0 === 43 || neg ? INT64_MAX : UINT64_MAX)) return undefined;
  return Number(big);
}

function parseDotFloat(s: string): number | undefined {
  if (!DOT_FLOAT.test(s)) return undefined;
  const v = Number(s.replaceAll('_', ''));
  return Number.isFinite(v) ? v : undefined;
}

function plainResolve(value: string, tag: string): Resolved {
  const h = value === '' ? 4 : hint(value.charCodeAt(0));
  if (h !== 0 && tag !== STR_TAG) {
    const fixed = FIXED.get(value);
    if (fixed) return fixed;
    if (h === 3) {
      const f = parseDotFloat(value);
      if (f !== undefined) return { tag: FLOAT_TAG, value: f };
    } else if (h === 1 || h === 2) {
      if ((tag === '' || tag === TIMESTAMP_TAG) && TIMESTAMP_START.test(value)) {
        // A timestamp decodes to time.Time in Go; the tree keeps its text (see parse.ts).
        if (isTimestamp(value)) return { tag: TIMESTAMP_TAG, value };
      }
      const plain = value.includes('_') ? value.replaceAll('_', '') : value;
      const i = parseGoInt(plain);
      if (i !== undefined) return { tag: INT_TAG, value: i };
      if (YAML_FLOAT.test(plain)) {
        const f = Number(plain);
        if (Number.isFinite(f)) return { tag: FLOAT_TAG, value: f };
      }
    }
  }
  return { tag: STR_TAG, value };
}

/**
 * Resolves a scalar as go-yaml does for a node with the given (short) tag, '' for a plain
 * untagged scalar.
 * @throws Error with go-yaml's `cannot construct ...` text when the text does not fit the tag
 */
export function resolveScalar(tag: string, value: string): Resolved {
  if (!resolvable(tag)) return { tag, value };
  const r = plainResolve(value, tag);
  if (tag === '' || tag === r.tag || tag === STR_TAG) return r;
  if (tag === FLOAT_TAG && r.tag === INT_TAG) return { tag: FLOAT_TAG, value: r.value };
  throw new Error(`cannot construct ${r.tag} \`${value}\` as a ${tag}`);
}

/** The value of a plain untagged scalar; the common string case allocates nothing. */
export function plainValue(value: string): unknown {
  if (value !== '' && hint(value.charCodeAt(0)) === 0) return value;
  return plainResolve(value, '').value;
}

/** The tag a plain untagged scalar resolves to (for go-yaml's string-map test). */
export function plainTag(value: string): string {
  const c = value.charCodeAt(0);
  if (value !== '' && hint(c) === 0) return STR_TAG;
  return plainResolve(value, '').tag;
}

/** Decodes a `!!binary` scalar (standard base64, line breaks ignored). */
export function decodeBinary(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    throw new Error('!!binary value contains invalid base64 data');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

export { BINARY_TAG };

const DATE_ONLY = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/;
const DATE_TIME =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

/**
 * The formats go-yaml tries with Go's time.Parse: RFC 3339 with short fields (`T`/`t`, a zone
 * required), a space-separated date and time without zone, or a date alone.
 */
function isTimestamp(s: string): boolean {
  let m = DATE_ONLY.exec(s);
  if (m) return validDate(+m[1], +m[2], +m[3]);
  m = DATE_TIME.exec(s);
  if (!m) return false;
  const sep = m[4];
  const zone = m[9] as string | undefined;
  if (sep === ' ' ? zone !== undefined : zone === undefined) return false;
  if (!validDate(+m[1], +m[2], +m[3])) return false;
  return +m[5] < 24 && +m[6] < 60 && +m[7] < 60;
}

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[mo - 1];
}
