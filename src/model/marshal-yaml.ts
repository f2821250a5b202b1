/**
 * YAML output as `docker compose config` writes it: go-yaml v4 with an indent of two over
 * compose-go's types. Struct fields in declaration order with go-yaml's `omitempty` (empty
 * structs are left out too), `x-*` extensions inlined after the fields, map keys in go-yaml's
 * order, sequences indented under their key, empty collections as `{}` / `[]`.
 */
import { formatGoFloat } from './go-text.js';
import { anyValue, type GoValue } from './go-value.js';
import { decodeProject } from './project-value.js';
import { yamlKeyOrder, yamlString } from './yaml-scalar.js';

function scalar(v: GoValue, indent: string): string | undefined {
  switch (v.k) {
    case 'str':
    case 'text':
      return yamlString(v.v, indent);
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'int':
      return String(v.v);
    case 'float': {
      const s = formatGoFloat(v.v, 'g', v.bits);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'nil':
      return 'null';
    default:
      return undefined;
  }
}

/** Follows pointers and YAML-specific marshallers down to the value go-yaml writes. */
function unwrap(v: GoValue): GoValue {
  let cur = v;
  while (cur.k === 'ptr' || cur.k === 'alt') cur = cur.k === 'ptr' ? cur.v : cur.yaml;
  return cur;
}

function entriesOf(v: GoValue): (readonly [string, GoValue])[] | undefined {
  if (v.k === 'map') return [...v.entries].sort((a, b) => yamlKeyOrder(a[0], b[0]));
  if (v.k === 'struct') {
    const fields = v.fields.flatMap((f) => (f.yaml === null ? [] : [[f.yaml, f.v] as const]));
    const ext = [...v.ext].sort((a, b) => yamlKeyOrder(a[0], b[0]));
    return [...fields, ...ext];
  }
  return undefined;
}

/**
 * Writes a decoded value as go-yaml's encoder writes a document, with the final newline.
 * @param width the encoder's indent: 2 after `SetIndent(2)` (compose's `config`), 4 for
 * `yaml.Marshal`
 */
export function encodeGoYaml(doc: GoValue, width = 2): string {
  const INDENT = ' '.repeat(width);
  const out: string[] = [];

  // Writes the value of a mapping entry or sequence item after its `key:` / `-`.
  const entryValue = (raw: GoValue, indent: string, inSequence: boolean): void => {
    const v = unwrap(raw);
    const s = scalar(v, indent + INDENT);
    if (s !== undefined) {
      out.push(` ${s}\n`);
      return;
    }
    if (v.k === 'list') {
      if (v.items.length === 0) out.push(' []\n');
      else if (inSequence) {
        out.push(' ');
        sequence(v.items, indent + INDENT, true);
      } else {
        out.push('\n');
        sequence(v.items, indent + INDENT, false);
      }
      return;
    }
    const entries = entriesOf(v) ?? [];
    if (entries.length === 0) out.push(' {}\n');
    else if (inSequence) {
      out.push(' ');
      mapping(entries, indent + INDENT, true);
    } else {
      out.push('\n');
      mapping(entries, indent + INDENT, false);
    }
  };

  // `first` is true when the first line continues a `- ` already written.
  const mapping = (
    entries: readonly (readonly [string, GoValue])[],
    indent: string,
    first: boolean,
  ): void => {
    entries.forEach(([key, v], i) => {
      out.push(`${i === 0 && first ? '' : indent}${yamlString(key, indent, true)}:`);
      entryValue(v, indent, false);
    });
  };

  const sequence = (items: readonly GoValue[], indent: string, first: boolean): void => {
    items.forEach((item, i) => {
      out.push(`${i === 0 && first ? '' : indent}-`);
      entryValue(item, indent, true);
    });
  };

  const root = unwrap(doc);
  const s = scalar(root, INDENT);
  if (s !== undefined) return `${s}\n`;
  if (root.k === 'list') {
    if (root.items.length === 0) return '[]\n';
    sequence(root.items, '', false);
  } else {
    const entries = entriesOf(root) ?? [];
    if (entries.length === 0) return '{}\n';
    mapping(entries, '', false);
  }
  return out.join('');
}

/**
 * The project as `docker compose config` prints it in YAML (before its `$` escaping).
 * @param tree the canonical model tree of the loader
 * @throws ModelError when a value cannot be converted to its Go type
 */
export function marshalProjectYaml(tree: Record<string, unknown>): string {
  return encodeGoYaml(decodeProject(tree).yaml);
}

/** An untyped model or value (`--no-interpolate`, `--variables`), keys in go-yaml's order. */
export function marshalModelYaml(tree: unknown, width = 2): string {
  return encodeGoYaml(anyValue(tree), width);
}
