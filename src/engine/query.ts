/** A query parameter value; arrays repeat the key, undefined leaves it out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * Engine list filters, e.g. `{ label: ['com.docker.compose.project=demo'], status: ['running'] }`.
 * Several values for one key match any of them; several keys must all match.
 */
export type Filters = Readonly<Record<string, readonly string[]>>;

/**
 * Builds `?k=v&...` (or '' when nothing is set). Booleans become `1`/`0`: the engine reads
 * both, and an explicit `0` matters where its default is true (`stream`, `stdout`, ...).
 */
export function queryString(params: Readonly<Record<string, QueryValue>>): string {
  let out = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    if (typeof value === 'object') {
      for (const v of value) out += `${out === '' ? '?' : '&'}${key}=${encodeURIComponent(v)}`;
      continue;
    }
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    out += `${out === '' ? '?' : '&'}${key}=${encodeURIComponent(text)}`;
  }
  return out;
}

/**
 * Encodes filters the way every engine version accepts (`{"key":{"value":true}}`), or
 * undefined when there are none.
 */
export function encodeFilters(filters: Filters | undefined): string | undefined {
  if (filters === undefined) return undefined;
  let out = '';
  for (const key in filters) {
    const values = filters[key];
    if (values.length === 0) continue;
    let inner = '';
    for (const v of values) inner += `${inner === '' ? '' : ','}${JSON.stringify(v)}:true`;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:{${inner}}`;
  }
  return out === '' ? undefined : `{${out}}`;
}

/**
 * Escapes an ID or name for use as one path segment. Image references keep their `/`, `:` and
 * `@` (`localhost:5000/app@sha256:...`): the engine routes on the decoded path and expects them.
 */
export function pathSegment(value: string): string {
  if (/^[\w.-]+$/.test(value)) return value;
  return encodeURIComponent(value).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/g, '@');
}
