/**
 * JSON output byte for byte as `docker compose config --format json` writes it: Go's
 * encoding/json over compose-go's types (struct field order, map keys sorted, `omitempty`,
 * HTML-safe escapes), indented by two spaces, without a final newline.
 */
import { formatJsonFloat } from './go-text.js';
import { anyValue, byteOrder, type GoValue } from './go-value.js';
import { decodeProject } from './project-value.js';

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

function scalar(v: GoValue, escapeHtml: boolean): string | undefined {
  switch (v.k) {
    case 'str':
    case 'text':
      return goJsonString(v.v, escapeHtml);
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'int':
      return String(v.v);
    case 'float':
      return formatJsonFloat(v.v, v.bits);
    case 'nil':
      return 'null';
    default:
      return undefined;
  }
}

/**
 * Writes a decoded value as Go's encoding/json does.
 * @param indent `'  '` for `json.MarshalIndent(v, "", "  ")`, `''` for compact `json.Marshal`
 * @param escapeHtml false for an encoder with `SetEscapeHTML(false)`
 */
export function encodeGoJson(value: GoValue, indent: string, escapeHtml = true): string {
  const out: string[] = [];
  const nl = indent === '' ? '' : '\n';
  const colon = indent === '' ? ':' : ': ';
  const write = (v: GoValue, pad: string): void => {
    const s = scalar(v, escapeHtml);
    if (s !== undefined) {
      out.push(s);
      return;
    }
    switch (v.k) {
      case 'ptr':
        write(v.v, pad);
        return;
      case 'alt':
        write(v.json, pad);
        return;
      case 'list': {
        if (v.items.length === 0) {
          out.push('[]');
          return;
        }
        const inner = pad + indent;
        out.push('[');
        v.items.forEach((item, i) => {
          out.push(i === 0 ? `${nl}${inner}` : `,${nl}${inner}`);
          write(item, inner);
        });
        out.push(`${nl}${pad}]`);
        return;
      }
      case 'map':
      case 'struct': {
        let entries: readonly (readonly [string, GoValue])[];
        if (v.k === 'map') {
          entries =
            v.entries.length > 1 ? [...v.entries].sort((a, b) => byteOrder(a[0], b[0])) : v.entries;
        } else {
          const kept: (readonly [string, GoValue])[] = [];
          for (const f of v.fields) if (f.json !== null) kept.push([f.json, f.v]);
          entries = kept;
        }
        if (entries.length === 0) {
          out.push('{}');
          return;
        }
        const inner = pad + indent;
        out.push('{');
        entries.forEach(([key, item], i) => {
          out.push(`${i === 0 ? '' : ','}${nl}${inner}${goJsonString(key, escapeHtml)}${colon}`);
          write(item, inner);
        });
        out.push(`${nl}${pad}}`);
        return;
      }
      default:
        return;
    }
  };
  write(value, '');
  return out.join('');
}

/**
 * The project as `docker compose config --format json` prints it (before its `$` escaping):
 * compose-go's `Project.MarshalJSON`, with no final newline.
 * @param tree the canonical model tree of the loader
 * @throws ModelError when a value cannot be converted to its Go type
 * @example marshalProjectJson(loaded.model)
 */
export function marshalProjectJson(tree: Record<string, unknown>): string {
  return encodeGoJson(decodeProject(tree).json, '  ');
}

/**
 * An untyped model (`docker compose config --no-interpolate --format json`): every mapping with
 * its keys sorted, indented by two spaces.
 */
export function marshalModelJson(tree: unknown): string {
  return encodeGoJson(anyValue(tree), '  ');
}
