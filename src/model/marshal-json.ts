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
  const writer = new JsonWriter(indent, escapeHtml);
  writer.write(value, '');
  return writer.out;
}

/** The text is built by appending to one string, which V8 keeps as a rope until it is read. */
class JsonWriter {
  out = '';
  private readonly nl: string;
  private readonly colon: string;

  constructor(
    private readonly indent: string,
    private readonly escapeHtml: boolean,
  ) {
    this.nl = indent === '' ? '' : '\n';
    this.colon = indent === '' ? ':' : ': ';
  }

  write(v: GoValue, pad: string): void {
    const s = scalar(v, this.escapeHtml);
    if (s !== undefined) {
      this.out += s;
      return;
    }
    switch (v.k) {
      case 'ptr':
        this.write(v.v, pad);
        return;
      case 'alt':
        this.write(v.json, pad);
        return;
      case 'list': {
        const items = v.items;
        if (items.length === 0) {
          this.out += '[]';
          return;
        }
        const inner = pad + this.indent;
        this.out += '[';
        for (let i = 0; i < items.length; i++) {
          this.out += i === 0 ? this.nl + inner : `,${this.nl}${inner}`;
          this.write(items[i], inner);
        }
        this.out += `${this.nl}${pad}]`;
        return;
      }
      case 'map': {
        let entries = v.entries;
        if (entries.length === 0) {
          this.out += '{}';
          return;
        }
        if (!sortedByBytes(entries)) entries = [...entries].sort((a, b) => byteOrder(a[0], b[0]));
        const inner = pad + this.indent;
        this.out += '{';
        for (let i = 0; i < entries.length; i++) {
          this.member(i === 0, inner, entries[i][0]);
          this.write(entries[i][1], inner);
        }
        this.out += `${this.nl}${pad}}`;
        return;
      }
      case 'struct': {
        const inner = pad + this.indent;
        let first = true;
        for (const f of v.fields) {
          if (f.json === null) continue;
          if (first) this.out += '{';
          this.member(first, inner, f.json);
          this.write(f.v, inner);
          first = false;
        }
        this.out += first ? '{}' : `${this.nl}${pad}}`;
        return;
      }
      default:
        return;
    }
  }

  private member(first: boolean, inner: string, key: string): void {
    this.out += `${first ? '' : ','}${this.nl}${inner}${goJsonString(key, this.escapeHtml)}${this.colon}`;
  }
}

/** Whether map keys are already in Go's order (they are unique, so no two compare equal). */
function sortedByBytes(entries: readonly (readonly [string, GoValue])[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    if (byteOrder(entries[i - 1][0], entries[i][0]) > 0) return false;
  }
  return true;
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
