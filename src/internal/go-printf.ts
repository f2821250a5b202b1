/**
 * Go's fmt for the values templates handle: `%v` printing (`fmt.Sprint`) and `fmt.Sprintf`
 * with the common verbs (`%v %s %q %d %x %X %o %b %c %t %f %e %g %%`), flags (`-+# 0`), width
 * and precision (also `*`), and Go's markers for a wrong or missing argument (`%!d(string=x)`,
 * `%!s(MISSING)`, `%!(EXTRA int=1)`).
 */

import { goQuote } from './go-quote.js';

/** The Go type of a value, as `%!v(int=1)` markers name it. */
function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Map) return 'map[string]interface {}';
  return 'struct';
}

/** A number as `%v` prints it: an integer as one, a float as strconv's shortest 'g' (exponent below 1e-4 or from 1e6). */
function formatFloat(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 6) return goExponent(v.toExponential());
  return String(v);
}

/** JS exponent notation (`1.5e+7`) as Go writes it (`1.5e+07`). */
function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * A value as `fmt.Sprint` prints it: `[a b]` for a slice, `map[k:v]` for a map (sorted), `{a b}`
 * for a struct (its fields), `<nil>` for nil.
 */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloat(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (v instanceof Map) {
    const keys = [...(v as Map<string, unknown>).keys()].sort();
    return `map[${keys.map((k) => `${k}:${goSprint((v as Map<string, unknown>).get(k))}`).join(' ')}]`;
  }
  if (typeof v === 'object') {
    const fields = Object.values(v).filter((x) => typeof x !== 'function');
    return `{${fields.map(goSprint).join(' ')}}`;
  }
  return typeof v === 'symbol' ? v.toString() : '';
}

/** An integer as the rune Go's `%c` and `%q` print: U+FFFD where it is no valid code point. */
function runeText(v: number): string {
  const valid = v >= 0 && v <= 0x10ffff && (v < 0xd800 || v > 0xdfff);
  return String.fromCodePoint(valid ? v : 0xfffd);
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const width = spec.width ?? 0;
  const length = Array.from(text).length;
  if (length >= width) return text;
  const fill = width - length;
  if (spec.minus) return text + ' '.repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(fill) + text.slice(sign.length);
  }
  return ' '.repeat(fill) + text;
}

function signed(text: string, v: number, spec: Spec): string {
  if (v >= 0 && spec.plus) return `+${text}`;
  if (v >= 0 && spec.space) return ` ${text}`;
  return text;
}

function integer(v: number, verb: string, spec: Spec): string {
  const abs = Math.abs(Math.trunc(v));
  const base = verb === 'x' || verb === 'X' ? 16 : verb === 'o' ? 8 : verb === 'b' ? 2 : 10;
  let digits = abs.toString(base);
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  if (verb === 'X') digits = digits.toUpperCase();
  if (spec.sharp && base === 16) digits = `0${verb}${digits}`;
  if (spec.sharp && base === 8) digits = `0${digits}`;
  return signed(v < 0 ? `-${digits}` : digits, v, spec);
}

function float(v: number, verb: string, spec: Spec): string {
  let text: string;
  switch (verb) {
    case 'e':
    case 'E':
      text = goExponent(v.toExponential(spec.prec ?? 6));
      break;
    case 'g':
    case 'G':
      text =
        spec.prec === undefined
          ? formatFloat(v)
          : goExponent(String(Number(v.toPrecision(spec.prec))));
      break;
    default:
      text = v.toFixed(spec.prec ?? 6);
  }
  if (verb === 'E' || verb === 'G') text = text.toUpperCase();
  return signed(text, v, spec);
}

function bad(verb: string, v: unknown): string {
  return `%!${verb}(${goType(v)}=${goSprint(v)})`;
}

function formatOne(verb: string, v: unknown, spec: Spec): string {
  switch (verb) {
    case 'v':
      if (typeof v === 'number') return pad(signed(formatFloat(v), v, spec), spec, true);
      return pad(goSprint(v), spec, false);
    case 'T':
      return pad(goType(v), spec, false);
    case 's':
    case 'q': {
      if (typeof v !== 'string') {
        if (verb === 'q' && typeof v === 'number' && Number.isInteger(v)) {
          return pad(goQuote(runeText(v), "'"), spec, false);
        }
        if (typeof v === 'number' || typeof v === 'boolean') return bad(verb, v);
        return pad(goSprint(v), spec, false);
      }
      const s = spec.prec === undefined ? v : Array.from(v).slice(0, spec.prec).join('');
      return pad(verb === 'q' ? goQuote(s) : s, spec, false);
    }
    case 'd':
    case 'o':
    case 'b':
      if (typeof v !== 'number' || !Number.isInteger(v)) return bad(verb, v);
      return pad(integer(v, verb, spec), spec, true);
    case 'x':
    case 'X':
      if (typeof v === 'string') {
        const hex = Buffer.from(v).toString('hex');
        return pad(verb === 'X' ? hex.toUpperCase() : hex, spec, false);
      }
      if (typeof v !== 'number') return bad(verb, v);
      return Number.isInteger(v) ? pad(integer(v, verb, spec), spec, true) : bad(verb, v);
    case 'c':
      if (typeof v !== 'number' || !Number.isInteger(v)) return bad(verb, v);
      return pad(runeText(v), spec, false);
    case 'U':
      if (typeof v !== 'number' || !Number.isInteger(v)) return bad(verb, v);
      return pad(`U+${v.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
    case 't':
      if (typeof v !== 'boolean') return bad(verb, v);
      return pad(String(v), spec, false);
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
      if (typeof v !== 'number') return bad(verb, v);
      return pad(float(v, verb, spec), spec, true);
    default:
      return `%!${verb}(${goType(v)}=${goSprint(v)})`;
  }
}

/**
 * Go's `fmt.Sprintf`.
 * @example goSprintf('%-10s|%5.1f', ['web', 2.25]) // 'web       |  2.2'
 */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?(.?)/gsu;
  let last = 0;
  for (let m = re.exec(format); m !== null; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags, width, prec, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      sharp: flags.includes('#'),
      space: flags.includes(' '),
      zero: flags.includes('0') && !flags.includes('-'),
    };
    const star = (text: string | undefined): number | undefined => {
      if (text === undefined) return undefined;
      if (text !== '*') return text === '' ? 0 : Number(text);
      const v = args[argi++];
      return typeof v === 'number' ? v : undefined;
    };
    spec.width = star(width);
    spec.prec = star(prec);
    if (spec.width !== undefined && spec.width < 0) {
      spec.minus = true;
      spec.width = -spec.width;
    }
    if (verb === '') {
      out += '%!(NOVERB)';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatOne(verb, args[argi++], spec);
  }
  out += format.slice(last);
  if (argi < args.length) {
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => `${goType(a)}=${goSprint(a)}`)
      .join(', ')})`;
  }
  return out;
}
