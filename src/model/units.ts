import { formatGoDuration, parseGoDuration } from './go-text.js';

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

/**
 * Reads a duration as compose does (Go's `time.ParseDuration` plus the `d` and `w` units):
 * `1h30m`, `1.5s`, `-2m`, `0`. A number is read as its decimal text, so `10` (no unit) fails.
 * @throws Error `time: invalid duration "x"` or `time: missing unit in duration "10"`.
 * @example parseDuration('1m30s') // 90_000_000_000
 */
export function parseDuration(value: string | number): Duration {
  return Number(parseGoDuration(String(value)));
}

/**
 * Writes a duration as Go's `time.Duration.String()` does: `1h2m3.5s`, `1.5s`, `500ms`, `0s`.
 * @example formatDuration(90_000_000_000) // '1m30s'
 */
export function formatDuration(ns: Duration): string {
  return formatGoDuration(BigInt(Math.round(ns)));
}
