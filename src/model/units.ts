/**
 * The value types of the Compose model that need parsing: sizes (`512m`), durations (`1m30s`,
 * `1d`) and CPU counts, read and written the way compose-go reads and writes them.
 */

/** A duration in nanoseconds (Go's `time.Duration`), so that `1.5µs` survives a round trip. */
export type Duration = number;

/** A size in bytes. */
export type Bytes = number;

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * Reads a size as compose does: an integer (possibly negative) is a number of bytes; otherwise a
 * decimal number with an optional binary unit (`k`, `m`, `g`, `t`, `p`, any case, optionally
 * followed by `i` and/or `b`), docker's `RAMInBytes`.
 * @throws Error `invalid size: 'abc'` for anything else.
 * @example parseBytes('512m') // 536870912
 */
export function parseBytes(value: string | number): Bytes {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
    throw new Error(`invalid size: '${value}'`);
  }
  if (/^[+-]?\d+$/.test(value)) return Number.parseInt(value, 10);
  const m = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i.exec(value);
  if (!m) throw new Error(`invalid size: '${value}'`);
  const amount = Number.parseFloat(m[1]);
  if (Number.isNaN(amount)) throw new Error(`invalid size: '${value}'`);
  const unit = m[2] as string | undefined;
  return Math.trunc(amount * (SIZE_UNITS[(unit ?? '').toLowerCase()] ?? 1));
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
  w: 7 * 86400e9,
};

/**
 * Reads a duration as compose does (Go's `time.ParseDuration` plus the `d` and `w` units):
 * `1h30m`, `1.5s`, `-2m`, `0`. A number is read as its decimal text, so `10` (no unit) fails.
 * @throws Error `time: invalid duration "x"` or `time: missing unit in duration "10"`.
 * @example parseDuration('1m30s') // 90_000_000_000
 */
export function parseDuration(value: string | number): Duration {
  const text = String(value);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*(?:\.\d*)?)([^\d.]*)/.exec(rest);
    if (!m || m[1] === '' || m[1] === '.') {
      throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
    }
    if (m[2] === '') throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
    const unit = DURATION_UNITS[m[2]] as number | undefined;
    if (unit === undefined) {
      throw new Error(
        `time: unknown unit ${JSON.stringify(m[2])} in duration ${JSON.stringify(text)}`,
      );
    }
    total += Number.parseFloat(m[1]) * unit;
    rest = rest.slice(m[0].length);
  }
  return sign * Math.round(total);
}

/**
 * Writes a duration as Go's `time.Duration.String()` does: `1h2m3.5s`, `1.5s`, `500ms`, `0s`.
 * @example formatDuration(90_000_000_000) // '1m30s'
 */
export function formatDuration(ns: Duration): string {
  if (ns === 0) return '0s';
  const negative = ns < 0;
  let u = Math.abs(Math.round(ns));
  let out: string;
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${fraction(u, 1e3)}µs`;
    else out = `${fraction(u, 1e6)}ms`;
  } else {
    const hours = Math.floor(u / 3600e9);
    u -= hours * 3600e9;
    const minutes = Math.floor(u / 60e9);
    u -= minutes * 60e9;
    out = `${fraction(u, 1e9)}s`;
    if (hours > 0) out = `${hours}h${minutes}m${out}`;
    else if (minutes > 0) out = `${minutes}m${out}`;
  }
  return negative ? `-${out}` : out;
}

function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const rest = value - whole * unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
