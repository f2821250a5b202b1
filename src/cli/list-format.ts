// `--format` of the listing commands (`ps`, `stats`, `volumes`, `images`, `ls`, `events`,
// `version`), as the docker CLI's formatter runs it: `table` (the command's default columns),
// `json` (one object per line), `table TEMPLATE` (a header row, then aligned columns) or a Go
// template, executed once per row.
import { ComposeError } from '../api/errors.js';
import {
  GO_TYPE,
  HEADER_FUNCS,
  parse,
  TemplateError,
  TemplateMap,
  type Template,
} from '../internal/go-template.js';
import { alignColumns } from '../internal/tab-writer.js';

/** How a command's rows print. */
export interface ListFormat {
  /** What `table` (and an empty format) stands for: the command's default table template. */
  readonly table: string;
  /** Column titles by field, for the header row of a `table` template. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The narrowest a column may be: 10 for the docker CLI's formatter (`ps`, `stats`,
   * `volumes`), 20 for docker compose's own tables (`ls`, `images`). @default 10
   */
  readonly minWidth?: number;
}

/** A row for a template: a Go struct with fields, methods and the Go type errors name. */
export function goStruct<T extends object>(type: string, fields: T): T {
  Object.defineProperty(fields, GO_TYPE, { value: type, enumerable: false });
  return fields;
}

/** The header's `.Label "com.example.tier"`: the key's last part, `-` and `_` as spaces. */
function headerLabel(name: unknown): string {
  const last = String(name).split('.').pop() ?? '';
  return last.replace(/[-_]/g, ' ');
}

/**
 * The template text of a format, as the docker CLI prepares it: `json` is `{{json .}}`; a
 * `table` prefix is cut, spaces around are trimmed, and `\t` and `\n` written as two characters
 * become a tab and a newline.
 */
export function templateText(format: string): string {
  if (format === 'table') return '';
  if (format === 'json') return '{{json .}}';
  const body = format.startsWith('table') ? format.slice('table'.length) : format;
  return body
    .replace(/^ +| +$/g, '')
    .replace(/\\t/g, '\t')
    .replace(/\\n/g, '\n');
}

function usage(err: unknown): never {
  if (err instanceof TemplateError) {
    throw new ComposeError('USAGE', `template parsing error: ${err.message}`, { cause: err });
  }
  throw err;
}

/** Parses a format for {@link formatRows}. */
export function parseFormat(format: string): Template {
  try {
    return parse(templateText(format));
  } catch (err) {
    return usage(err);
  }
}

/**
 * Prints rows in a `--format`, as the docker CLI's formatter does.
 * @param format the flag's value; `table` or `''` for the command's default
 * @param rows the rows, as Go structs ({@link goStruct})
 * @throws {ComposeError} `USAGE` for a template that does not parse or fails on a row, with
 *   Go's message after `template parsing error: `
 * @example formatRows('{{.Name}}', [{ Name: 'web' }], PS_FORMAT) // 'web\n'
 */
export function formatRows(format: string, rows: readonly object[], spec: ListFormat): string {
  const source = format === '' || format === 'table' ? spec.table : format;
  const template = parseFormat(source);
  let body = '';
  try {
    for (const row of rows) body += `${template.execute(row)}\n`;
  } catch (err) {
    usage(err);
  }
  if (!source.startsWith('table')) return body;
  let header: string;
  try {
    header = template.execute(
      new TemplateMap(new Map(Object.entries(spec.headers)), { Label: headerLabel }),
      HEADER_FUNCS,
    );
  } catch {
    // The docker CLI ignores a header that fails, as with `{{.Field | printf "%d"}}`.
    header = '';
  }
  return alignColumns(`${header}\n${body}`, { minWidth: spec.minWidth ?? 10, wide: true });
}

/**
 * What docker compose's own listings (`ls`, `images`) make of `--format`: `table` (also
 * `pretty` or nothing) and `json`, in any case. flotilla also takes a Go template there; a
 * value that is neither and holds no `{{` is refused, as docker compose refuses it.
 * @throws {ComposeError} `USAGE` for a value that is no format (`--format xml`)
 */
export function listFormatKind(format: string): 'table' | 'json' | 'template' {
  const lower = format.toLowerCase();
  if (lower === '' || lower === 'table' || lower === 'pretty') return 'table';
  if (lower === 'json') return 'json';
  if (!format.includes('{{')) {
    throw new ComposeError(
      'USAGE',
      `format value ${JSON.stringify(format)} could not be parsed: use table, json or a Go template`,
    );
  }
  return 'template';
}

/**
 * docker compose's own tables (`ls`, `images`): a header row, then one row per line, cells
 * separated by tabs, aligned by Go's tabwriter with columns at least 20 wide.
 */
export function composeTable(headers: readonly string[], rows: readonly string[]): string {
  return alignColumns(`${headers.join('\t')}\n${rows.map((r) => `${r}\n`).join('')}`, {
    minWidth: 20,
  });
}
