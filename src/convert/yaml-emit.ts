/**
 * YAML text of plain JSON data, as Kubernetes manifests are written by hand: keys in the order
 * the objects were built (`apiVersion`, `kind`, `metadata`, `spec`), sequences indented under
 * their key, strings quoted only where YAML would read them as something else (go-yaml's rules,
 * the same as `config` prints). Helm templates add two kinds of raw text, {@link RawScalar}
 * and {@link RawEntry}, written as they are.
 */
import { yamlString } from '../model/yaml-scalar.js';

const INDENT = '  ';

/** Template text written in place of a scalar value: `image: {{ .Values.image | quote }}`. */
export class RawScalar {
  constructor(readonly text: string) {}
}

/**
 * Template text written in place of a whole mapping entry (key and value), one line per
 * element, each prefixed with the entry's indentation unless it starts with `{{-`.
 */
export class RawEntry {
  /** @param lines render the entry at the given indentation */
  constructor(readonly lines: (indent: string) => readonly string[]) {}
}

/** Emission switches. */
export interface EmitOptions {
  /**
   * Escape `{{` in strings so that Helm renders them back as written (`{{ "{{" }}`).
   * @default false
   */
  readonly helm?: boolean | undefined;
}

/**
 * One YAML document (no `---`), ending with a newline.
 * @example toYaml({ kind: 'Service', metadata: { name: 'web' } })
 * // 'kind: Service\nmetadata:\n  name: web\n'
 */
export function toYaml(value: unknown, options: EmitOptions = {}): string {
  const out: string[] = [];
  const str = (s: string, indent: string, key = false): string => {
    const text = yamlString(s, indent, key);
    return options.helm === true ? text.replaceAll('{{', '{{ "{{" }}') : text;
  };
  const scalar = (v: unknown, indent: string): string | undefined => {
    if (v instanceof RawScalar) return v.text;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return str(v, indent);
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`cannot write ${v} in YAML`);
      return String(v);
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return undefined;
  };
  const entries = (v: object): [string, unknown][] =>
    Object.entries(v).filter(([, x]) => x !== undefined);

  const node = (v: unknown, indent: string, inSequence: boolean): void => {
    const s = scalar(v, indent + INDENT);
    if (s !== undefined) {
      out.push(` ${s}\n`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(' []\n');
      else if (inSequence) {
        out.push(' ');
        sequence(v, indent + INDENT, true);
      } else {
        out.push('\n');
        sequence(v, indent + INDENT, false);
      }
      return;
    }
    const list = entries(v as object);
    if (list.length === 0) out.push(' {}\n');
    else if (inSequence) {
      out.push(' ');
      mapping(list, indent + INDENT, true);
    } else {
      out.push('\n');
      mapping(list, indent + INDENT, false);
    }
  };

  const mapping = (list: [string, unknown][], indent: string, first: boolean): void => {
    list.forEach(([key, v], i) => {
      const lead = i === 0 && first ? '' : indent;
      if (v instanceof RawEntry) {
        v.lines(indent).forEach((line, j) => {
          const pad = line.startsWith('{{-') ? '' : j === 0 ? lead : indent;
          out.push(`${pad}${line}\n`);
        });
        return;
      }
      out.push(`${lead}${str(key, indent, true)}:`);
      node(v, indent, false);
    });
  };

  const sequence = (items: readonly unknown[], indent: string, first: boolean): void => {
    items.forEach((item, i) => {
      out.push(`${i === 0 && first ? '' : indent}-`);
      node(item, indent, true);
    });
  };

  const s = scalar(value, INDENT);
  if (s !== undefined) return `${s}\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    sequence(value, '', false);
  } else {
    const list = entries(value as object);
    if (list.length === 0) return '{}\n';
    mapping(list, '', false);
  }
  return out.join('');
}

/** Several documents, each introduced by `---`. */
export function toYamlDocuments(values: readonly unknown[], options: EmitOptions = {}): string {
  return values.map((v) => `---\n${toYaml(v, options)}`).join('');
}
