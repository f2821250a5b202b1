import { goQuote } from '../../internal/go-quote.js';
import type { ErrorKind, SchemaError } from './explain.js';

/**
 * compose-go's wording of a schema error: `<dotted path> must be a <type>`, `... must be
 * greater than or equal to N`, and otherwise the path followed by jsonschema v6's English text
 * (`additional properties 'x' not allowed`, `missing property 'action'`, ...). At the root,
 * where compose-go would print an empty path and a space, the text stands alone.
 */
export function composeMessage(err: SchemaError): string {
  const path = err.location.map(String).join('.');
  const kind = err.kind;
  const text =
    kind.keyword === 'type' ? `must be a ${humanReadableType(kind.want)}` : localizedText(kind);
  return path === '' ? text : `${path} ${text}`;
}

/** jsonschema v6's English text for an error kind. */
export function localizedText(kind: ErrorKind): string {
  switch (kind.keyword) {
    case 'type':
      return `got ${kind.want.join(' or ')}`;
    case 'enum': {
      const primitive = kind.want.every((v) => v === null || typeof v !== 'object');
      if (!primitive) return 'enum failed';
      if (kind.want.length === 1) return `value must be ${display(kind.want[0])}`;
      return `value must be one of ${kind.want.map(display).join(', ')}`;
    }
    case 'const':
      return kind.want !== null && typeof kind.want === 'object'
        ? 'const failed'
        : `value must be ${display(kind.want)}`;
    case 'pattern':
      return `${schemaQuote(kind.got)} does not match pattern ${schemaQuote(kind.want)}`;
    case 'minimum':
      return `must be greater than or equal to ${goNumber(kind.want)}`;
    case 'maximum':
      return `must be less than or equal to ${goNumber(kind.want)}`;
    case 'required':
      return kind.missing.length === 1
        ? `missing property ${schemaQuote(kind.missing[0])}`
        : `missing properties ${kind.missing.map(schemaQuote).join(', ')}`;
    case 'additionalProperties':
      return `additional properties ${kind.properties.map(schemaQuote).join(', ')} not allowed`;
    case 'uniqueItems':
      return `items at ${kind.duplicates[0]} and ${kind.duplicates[1]} are equal`;
    case 'oneOf':
      return kind.matched
        ? `oneOf failed, subschemas ${kind.matched[0]}, ${kind.matched[1]} matched`
        : 'oneOf failed, none matched';
    case 'anyOf':
      return 'anyOf failed';
    case 'allOf':
      return 'allOf failed';
    case 'false':
      return 'false schema';
    case 'invalid':
      return `invalid jsonType ${kind.got}`;
    case '$ref':
    case 'group':
      return 'validation failed';
    case 'schema':
      return 'jsonschema validation failed';
  }
}

/**
 * compose-go's names for wanted types: `mapping` for object; several are sorted and joined as
 * `a, b or c`.
 */
export function humanReadableType(want: readonly string[]): string {
  const names = want.map((t) => (t === 'object' ? 'mapping' : t));
  if (names.length === 1) return names[0];
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** A primitive as jsonschema displays it: strings quoted, others as Go's `%v`. */
function display(v: unknown): string {
  if (typeof v === 'string') return schemaQuote(v);
  if (v === null) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return 'value';
}

/** A number as Go's `%v` prints a float64 (exponent form from 1e21, two-digit exponents). */
function goNumber(n: number): string {
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** jsonschema's `quote`: Go's `%q` with single quotes outside, `"` left bare and `'` escaped. */
function schemaQuote(s: string): string {
  return goQuote(s, "'");
}
