import { goQuote } from '../../internal/go-quote.js';

/**
 * Go's `strconv` number parsing as compose-go's type casts use it: which strings are accepted
 * (signs, underscores, hexadecimal floats, `inf`/`nan`) and the exact error texts
 * (`strconv.Atoi: parsing "x": invalid syntax`).
 */

/** A parsed number, or the Go error text. */
export type GoParsed = { readonly ok: true; readonly value: number } | GoParseError;

/** A failed parse with Go's `*strconv.NumError` text. */
export interface GoParseError {
  readonly ok: false;
  readonly error: string;
}

const INT64_CUTOFF = 1n << 63n;
const UINT64_MAX = (1n << 64n) - 1n;

function fail(fn: string, s: string, range: boolean): GoParseError {
  return {
    ok: false,
    error: `strconv.${fn}: parsing ${goQuote(s)}: ${range ? 'value out of range' : 'invalid syntax'}`,
  };
}

function ok(value: number): GoParsed {
  // Go integers and parsed zeros have no sign; keep -0 out of the model.
  return { ok: true, value: value === 0 ? 0 : value };
}

/** `strconv.Atoi` on a 64-bit platform: a decimal integer with an optional sign. */
export function goAtoi(s: string): GoParsed {
  if (s.length > 0 && s.length < 19) {
    let i = s[0] === '-' || s[0] === '+' ? 1 : 0;
    if (i === s.length) return fail('Atoi', s, false);
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return fail('Atoi', s, false);
    }
    return ok(Number(s));
  }
  return parseInt64(s, 'Atoi');
}

/** `strconv.ParseInt(s, 10, 64)`. */
export function goParseInt64(s: string): GoParsed {
  return parseInt64(s, 'ParseInt');
}

function parseInt64(s: string, fn: string): GoParsed {
  if (s === '') return fail(fn, s, false);
  let i = 0;
  const neg = s[0] === '-';
  if (neg || s[0] === '+') i = 1;
  if (i === s.length) return fail(fn, s, false);
  let n = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return fail(fn, s, false);
    n = n * 10n + BigInt(c - 0x30);
    // Go stops at the first digit that overflows uint64, before looking at later characters.
    if (n > UINT64_MAX) return fail(fn, s, true);
  }
  if (neg ? n > INT64_CUTOFF : n >= INT64_CUTOFF) return fail(fn, s, true);
  return ok(Number(neg ? -n : n));
}

/**
 * `strconv.ParseFloat(s, bits)`. A 32-bit result is the float32 value written with the fewest
 * digits that read back as the same float32, which is how Go prints a float32.
 */
export function goParseFloat(s: string, bits: 32 | 64): GoParsed {
  const fn = 'ParseFloat';
  const special = parseSpecial(s);
  let value: number;
  if (special !== undefined) {
    if (special.length !== s.length) return fail(fn, s, false);
    value = special.value;
  } else {
    const read = readFloat(s);
    if (read === undefined) return fail(fn, s, false);
    value = read;
    if (!Number.isFinite(value)) return fail(fn, s, true);
  }
  if (bits === 64 || !Number.isFinite(value)) return { ok: true, value };
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return fail(fn, s, true);
  return { ok: true, value: shortestFloat32(single) };
}

function shortestFloat32(f: number): number {
  for (let p = 1; p < 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return Number(f.toPrecision(9));
}

/** Go's `inf`, `infinity` (signed) and `nan`, case-insensitive, as a prefix of `s`. */
function parseSpecial(s: string): { value: number; length: number } | undefined {
  let i = 0;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest.startsWith('inf')) {
    return { value: sign * Infinity, length: i + (rest.startsWith('infinity') ? 8 : 3) };
  }
  if (i === 0 && rest.startsWith('nan')) return { value: NaN, length: 3 };
  return undefined;
}

// The look-ahead asks for a digit inside the mantissa (the leading run of digits, `_` and `.`).
const DECIMAL = /^[+-]?(?=[0-9_.]*\d)[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?\d[0-9_]*)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?)[pP]([+-]?\d[0-9_]*)$/;

/** The value of a decimal or hexadecimal float literal as Go reads it, or undefined. */
function readFloat(s: string): number | undefined {
  const hasUnderscore = s.includes('_');
  if (DECIMAL.test(s)) {
    if (hasUnderscore && !underscoreOK(s)) return undefined;
    return Number(hasUnderscore ? s.replaceAll('_', '') : s);
  }
  const hex = HEX.exec(s);
  if (hex === null || !/[0-9a-fA-F]/.test(hex[2])) return undefined;
  if (hasUnderscore && !underscoreOK(s)) return undefined;
  const [intPart = '', fracPart = ''] = hex[2].replaceAll('_', '').split('.');
  const mantissa = BigInt(`0x${intPart}${fracPart}`);
  const exponent = Number(hex[3].replaceAll('_', '')) - 4 * fracPart.length;
  const value = Number(mantissa) * 2 ** exponent;
  return hex[1] === '-' ? -value : value;
}

/** Go's rule: an underscore only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let i = s[0] === '-' || s[0] === '+' ? 1 : 0;
  let saw = '^';
  let hex = false;
  const p = s.charAt(i + 1).toLowerCase();
  if (s[i] === '0' && (p === 'b' || p === 'o' || p === 'x')) {
    i += 2;
    saw = '0';
    hex = p === 'x';
  }
  for (; i < s.length; i++) {
    const c = s.charAt(i);
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}
