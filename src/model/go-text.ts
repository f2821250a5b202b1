/**
 * Text conversions of the Go libraries behind compose-go's model, so that printed values read
 * exactly as `docker compose config` prints them: durations (`time.Duration.String`, parsed as
 * `go-str2duration` does), byte sizes (`go-units.RAMInBytes`), numbers (`strconv.FormatFloat`)
 * and command lines (`go-shellwords`).
 */

const NS_PER_UNIT: Readonly<Partial<Record<string, bigint>>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;

/**
 * Parses a duration as compose-go does (Go's `time.ParseDuration` plus the `d` and `w` units):
 * `1m30s`, `1.5h`, `2d`, `0`.
 * @returns nanoseconds
 * @throws Error with Go's message (`time: invalid duration "x"`, `time: missing unit in
 * duration "10"`, `time: unknown unit "y" in duration "1y"`)
 */
export function parseGoDuration(text: string): bigint {
  const quoted = JSON.stringify(text);
  let s = text;
  let neg = false;
  if (s !== '' && (s.startsWith('-') || s.startsWith('+'))) {
    neg = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const pre = m[1];
    const frac = m[2] as string | undefined;
    if (pre === '' && (frac === undefined || frac === '')) {
      throw new Error(`time: invalid duration ${quoted}`);
    }
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && !/[0-9.]/.test(s[i])) i++;
    if (i === 0) throw new Error(`time: missing unit in duration ${quoted}`);
    const unitText = s.slice(0, i);
    s = s.slice(i);
    const unit = NS_PER_UNIT[unitText];
    if (unit === undefined) {
      throw new Error(`time: unknown unit ${JSON.stringify(unitText)} in duration ${quoted}`);
    }
    let v = pre === '' ? 0n : BigInt(pre);
    if (v > MAX_INT64 / unit) throw new Error(`time: invalid duration ${quoted}`);
    v *= unit;
    if (frac !== undefined && frac !== '') {
      // Go keeps at most the digits that fit an int64, then scales in floating point.
      const digits = frac.slice(0, 18);
      const f = Number(digits);
      if (f > 0) v += BigInt(Math.trunc(f * (Number(unit) / 10 ** digits.length)));
    }
    total += v;
    if (total > MAX_INT64) throw new Error(`time: invalid duration ${quoted}`);
  }
  return neg ? -total : total;
}

/** Go's `time.Duration.String()`: `1m0s`, `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    let unit: string;
    let prec: number;
    if (u < 1_000n) {
      unit = 'ns';
      prec = 0;
    } else if (u < 1_000_000n) {
      unit = 'µs';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [frac, rest] = fraction(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, rest] = fraction(u, 9);
    u = rest;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** The fractional part of `v / 10^prec` without trailing zeros (`.5`, or `''`), and the quotient. */
function fraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print ||= digit !== 0n;
    if (print) digits = `${digit}${digits}`;
    v /= 10n;
  }
  return [print ? `.${digits}` : '', v];
}

/** Shortest decimal digits and exponent of a float, as Go's strconv finds them. */
function shortest(x: number, bits: 32 | 64): { digits: string; exp: number } {
  let text: string;
  if (bits === 64) {
    text = x.toExponential();
  } else {
    const f = Math.fround(x);
    text = f.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const candidate = f.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === f) {
        text = candidate;
        break;
      }
    }
  }
  const [mant, e] = text.split('e') as [string, string];
  return { digits: mant.replace('.', '').replace('-', ''), exp: Number(e) };
}

/**
 * Go's `strconv.FormatFloat(x, fmt, -1, bits)` for the `e`, `f` and `g` formats (shortest
 * representation, `bits` 32 for float32 fields such as `cpus`).
 */
export function formatGoFloat(x: number, format: 'e' | 'f' | 'g', bits: 32 | 64): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? '-' : '';
  if (x === 0) return `${sign}${format === 'e' ? '0e+00' : '0'}`;
  const { digits, exp } = shortest(Math.abs(x), bits);
  // With the shortest representation, Go's %g switches to the exponent form from 1e+06.
  const fmt = format === 'g' ? (exp < -4 || exp >= 6 ? 'e' : 'f') : format;
  if (fmt === 'e') {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  const point = exp + 1;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number as Go's encoding/json writes a float (`bits` 32 or 64): shortest digits, exponent
 * form below 1e-6 and from 1e21 (`1e-7`, `1e+21`).
 */
export function formatJsonFloat(x: number, bits: 32 | 64): string {
  const abs = Math.abs(bits === 32 ? Math.fround(x) : x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return formatGoFloat(x, 'e', bits).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return formatGoFloat(x, 'f', bits);
}

/** Go's `fmt.Sprint` of a scalar of the tree (integers as integers, floats in `%v` form). */
export function goSprint(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 1e21
      ? String(value)
      : formatGoFloat(value, 'g', 64);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goSprint).join(' ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const obj = value as Record<string, unknown>;
    return `map[${keys.map((k) => `${k}:${goSprint(obj[k])}`).join(' ')}]`;
  }
  return typeof value === 'bigint' ? value.toString() : '';
}

const SHELL_SPACE = new Set([' ', '\t', '\r', '\n']);

/**
 * Splits a command line as compose-go does for string `command` / `entrypoint` values
 * (go-shellwords without environment or backtick expansion): quotes group words, a backslash
 * escapes the next character outside single quotes, and parsing stops at an unquoted `;`, `&`,
 * `|`, `<` or `>`.
 * @throws Error `invalid command line string` for unbalanced quotes or a bare `(`
 */
export function splitShellWords(line: string): string[] {
  const args: string[] = [];
  let buf = '';
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuote = false;
  let dollarQuote = false;
  let got: 0 | 1 | 2 = 0;
  loop: for (const r of line) {
    if (escaped) {
      buf += r;
      escaped = false;
      got = 1;
      continue;
    }
    if (r === '\\') {
      if (singleQuoted) buf += r;
      else escaped = true;
      continue;
    }
    if (SHELL_SPACE.has(r)) {
      if (singleQuoted || doubleQuoted || backQuote || dollarQuote) {
        buf += r;
      } else if (got !== 0) {
        args.push(buf);
        buf = '';
        got = 0;
      }
      continue;
    }
    switch (r) {
      case '`':
        if (!singleQuoted && !doubleQuoted && !dollarQuote) backQuote = !backQuote;
        break;
      case ')':
        if (!singleQuoted && !doubleQuoted && !backQuote) dollarQuote = !dollarQuote;
        break;
      case '(':
        if (!singleQuoted && !doubleQuoted && !backQuote) {
          if (!dollarQuote && buf.endsWith('$')) {
            dollarQuote = true;
            buf += '(';
            continue;
          }
          throw new Error('invalid command line string');
        }
        break;
      case '"':
        if (!singleQuoted && !dollarQuote) {
          if (doubleQuoted) got = 2;
          doubleQuoted = !doubleQuoted;
          continue;
        }
        break;
      case "'":
        if (!doubleQuoted && !dollarQuote) {
          if (singleQuoted) got = 2;
          singleQuoted = !singleQuoted;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        if (!(singleQuoted || doubleQuoted || backQuote || dollarQuote)) {
          if (r === '>' && buf.length > 0 && buf[0] >= '0' && buf[0] <= '9') got = 0;
          break loop;
        }
        break;
    }
    got = 1;
    buf += r;
  }
  if (got !== 0) args.push(buf);
  if (escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote) {
    throw new Error('invalid command line string');
  }
  return args;
}
