/**
 * Go's encoding/json for the values templates and listings print: strings escaped as Go escapes
 * them, objects with their keys in insertion order (a struct's field order), maps with sorted
 * keys, no indentation.
 */

/* eslint-disable no-control-regex -- Go escapes control characters */
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

const ESCAPES =
  /[\u0000-\u001f"\\<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */
const NAMED: Readonly<Partial<Record<string, string>>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A string as Go's encoding/json quotes it (`<`, `>`, `&` as `\u003c`...; bad UTF-16 as U+FFFD). */
export function goJsonString(s: string, escapeHtml = true): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  return `"${s.replace(ESCAPES, (c) => {
    if (!escapeHtml && (c === '<' || c === '>' || c === '&')) return c;
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  })}"`;
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * A value as Go's `json.Marshal` writes it: `Map`s with their keys sorted, other objects in
 * property order (function properties, a struct's methods, are left out), `undefined` as
 * `null`.
 * @param escapeHtml false for an encoder with `SetEscapeHTML(false)`, as the docker CLI's `json`
 * @example goJson({ Name: 'a<b' }, false) // '{"Name":"a<b"}'
 */
export function goJson(v: unknown, escapeHtml = true): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, escapeHtml);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map((item) => goJson(item, escapeHtml)).join(',')}]`;
  if (v instanceof Map) {
    const entries = [...(v as Map<string, unknown>).entries()].sort(byKey);
    return `{${entries.map(([k, x]) => `${goJsonString(k, escapeHtml)}:${goJson(x, escapeHtml)}`).join(',')}}`;
  }
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'function' || x === undefined) continue;
      parts.push(`${goJsonString(k, escapeHtml)}:${goJson(x, escapeHtml)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return 'null';
}
