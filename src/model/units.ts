import { formatGoDuration, parseGoDuration } from './go-text.js';

/**
 * The value types of the Compose model that need parsing: sizes (`512m`), durations (`1m30s`,
 * `1d`) and CPU counts, read and written the way compose-go reads and writes them.
 */

/** A duration in nanoseconds (Go's `time.Duration`), so that `1.5µs` survives a round trip. */
export type Duration = number;

/** A size in bytes. */
export type Bytes = number;

const BINARY_UNITS: Readonly<Partial<Record<string, number>>> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * Reads a size as compose-go does: an integer (possibly negative) is a number of bytes; text is
 * read as go-units' `RAMInBytes` reads it: a non-negative decimal number (Go's float syntax),
 * optionally a space, then an optional binary unit `k`, `m`, `g`, `t` or `p` (any case) followed
 * by nothing, `b` or `ib`, or the unit `b` alone (`512m`, `1.5GB`, `2 KiB`, `10b`, `1e3`). The
 * fraction of a byte is dropped.
 * @throws Error `invalid size: '...'`, `invalid suffix: '...'` or Go's float parse error
 * @example parseBytes('512m') // 536870912
 */
export function parseBytes(value: string | number): Bytes {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
    throw new Error(`invalid size: '${value}'`);
  }
  if (/^[+-]?[0-9]+$/.test(value)) return Number(value);
  let sep = -1;
  for (let i = value.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(value[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) throw new Error(`invalid size: '${value}'`);
  const num = value[sep] === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  let sfx = value.slice(sep + 1);
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(num)) {
    throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(num)}: invalid syntax`);
  }
  let size = Number(num);
  if (size < 0) throw new Error(`invalid size: '${value}'`);
  if (sfx === '') return Math.trunc(size);
  const bad = (): Error => new Error(`invalid suffix: '${sfx}'`);
  if (sfx.length > 3) throw bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') {
    if (sfx.length > 1) throw bad();
    return Math.trunc(size);
  }
  const mul = BINARY_UNITS[sfx[0]];
  if (mul === undefined) throw bad();
  size *= mul;
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) {
    throw bad();
  }
  return Math.trunc(size);
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
