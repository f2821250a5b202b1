/**
 * JSON output byte for byte as `docker compose config --format json` writes it: Go's
 * encoding/json over compose-go's types (struct field order, map keys sorted, `omitempty`,
 * HTML-safe escapes), indented by two spaces, without a final newline.
 */
import { goJsonString } from '../internal/go-json.js';
import { formatJsonFloat } from './go-text.js';
import { anyValue, byteOrder, type GoValue } from './go-value.js';
import { decodeProject } from './project-value.js';

export { goJsonString };

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
  writer.write(value, 0);
  return writer.parts.join('');
}

/**
 * The text is collected as a list of pieces joined once at the end: appending to one string
 * would make a rope of a few hundred thousand nodes for a large project, all kept alive (and
 * copied by the garbage collector) until the text is flattened.
 */
class JsonWriter {
  readonly parts: string[] = [];
  private readonly colon: string;
  /** Newline plus indentation, by depth (empty when not indenting). */
  private readonly breaks: (string | undefined)[] = [];
  /** A comma, then newline plus indentation, by depth. */
  private readonly separators: (string | undefined)[] = [];
  /** Keys as written, with their colon: the same few keys recur in every service. */
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly indent: string,
    private readonly escapeHtml: boolean,
  ) {
    this.colon = indent === '' ? ':' : ': ';
  }

  /** The line break and indentation of a line at `depth`. */
  private lineAt(depth: number): string {
    let b = this.breaks[depth];
    if (b === undefined) {
      b = this.indent === '' ? '' : `\n${this.indent.repeat(depth)}`;
      this.breaks[depth] = b;
    }
    return b;
  }

  /** What goes before an element or member at `depth`: a line break, after a comma if not first. */
  private before(first: boolean, depth: number): string {
    if (first) return this.lineAt(depth);
    let b = this.separators[depth];
    if (b === undefined) {
      b = `,${this.lineAt(depth)}`;
      this.separators[depth] = b;
    }
    return b;
  }

  write(v: GoValue, depth: number): void {
    const s = scalar(v, this.escapeHtml);
    if (s !== undefined) {
      this.parts.push(s);
      return;
    }
    switch (v.k) {
      case 'ptr':
        this.write(v.v, depth);
        return;
      case 'alt':
        this.write(v.json, depth);
        return;
      case 'list': {
        const items = v.items;
        if (items.length === 0) {
          this.parts.push('[]');
          return;
        }
        this.parts.push('[');
        for (let i = 0; i < items.length; i++) {
          this.parts.push(this.before(i === 0, depth + 1));
          this.write(items[i], depth + 1);
        }
        this.parts.push(this.lineAt(depth), ']');
        return;
      }
      case 'map': {
        let entries = v.entries;
        if (entries.length === 0) {
          this.parts.push('{}');
          return;
        }
        if (!sortedByBytes(entries)) entries = [...entries].sort((a, b) => byteOrder(a[0], b[0]));
        this.parts.push('{');
        for (let i = 0; i < entries.length; i++) {
          this.member(i === 0, depth + 1, entries[i][0]);
          this.write(entries[i][1], depth + 1);
        }
        this.parts.push(this.lineAt(depth), '}');
        return;
      }
      case 'struct': {
        let first = true;
        const fields = v.fields;
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i];
          if (f.json === null) continue;
          if (first) this.parts.push('{');
          this.member(first, depth + 1, f.json);
          this.write(f.v, depth + 1);
          first = false;
        }
        if (first) this.parts.push('{}');
        else this.parts.push(this.lineAt(depth), '}');
        return;
      }
      default:
        return;
    }
  }

  private member(first: boolean, depth: number, key: string): void {
    let written = this.keys.get(key);
    if (written === undefined) {
      written = goJsonString(key, this.escapeHtml) + this.colon;
      this.keys.set(key, written);
    }
    this.parts.push(this.before(first, depth), written);
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
