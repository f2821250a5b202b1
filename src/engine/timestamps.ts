const UNITS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  μs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Converts a time given by a user (`--since`, `--until`) into the form the engine's `since` /
 * `until` parameters take: Unix seconds as a decimal string. Accepts, like the docker CLI:
 * a Unix timestamp (`1700000000`, `1700000000.5`), a Go duration relative to `now`
 * (`10m`, `1h30m`, `1.5h`), an RFC 3339 time (`2024-01-02T15:04:05Z`, with a zone or offset),
 * or a date/time without a zone (`2024-01-02`, `2024-01-02T15:04`), read as local time.
 * Numbers are Unix seconds, Dates are absolute.
 *
 * @throws {Error} for text in none of these forms, quoting it.
 * @example toEngineTime('10m', new Date(1_700_000_600_000)) // '1700000000'
 */
export function toEngineTime(value: string | number | Date, now: Date = new Date()): string {
  if (typeof value === 'number') return formatSeconds(value);
  if (value instanceof Date) return formatSeconds(value.getTime() / 1000);
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return text;
  const duration = parseDuration(text);
  if (duration !== undefined) return formatSeconds(now.getTime() / 1000 - duration);
  let iso = text;
  // A date alone is UTC for Date.parse, but local time for docker: give it a time of day.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) iso += 'T00:00:00';
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(iso)) iso += ':00';
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `invalid time "${value}": expected a Unix timestamp, a duration such as 10m or 1h30m, ` +
        'or a date such as 2024-01-02T15:04:05Z',
    );
  }
  return formatSeconds(ms / 1000);
}

/** Parses a Go duration (`1h30m`, `-5s`, `250ms`) into seconds, or undefined if not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00B5s|\u03BCs|ms|s|m|h))+$/.exec(text);
  if (m === null) return undefined;
  let total = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00B5s|\u03BCs|ms|s|m|h)/g)) {
    total += Number(part[1]) * UNITS[part[2]];
  }
  return m[1] === '-' ? -total : total;
}

function formatSeconds(seconds: number): string {
  if (Number.isInteger(seconds)) return String(seconds);
  // Nanosecond precision at most, without exponent notation or trailing zeros.
  return seconds.toFixed(9).replace(/\.?0+$/, '');
}
