import { goQuote } from '../../internal/go-quote.js';

/**
 * A timestamp key or value: go-yaml decodes it to a Go `time.Time`, so as a mapping key it is
 * not a string. The loader's tree keeps the text of timestamp values (see decode.ts); this
 * wrapper exists only so that keys can be told apart from strings.
 */
export class Timestamp {
  constructor(readonly text: string) {}
}

/** A float mapping key: Go prints it differently from an integer of the same value. */
export class FloatKey {
  constructor(readonly value: number) {}
}

/**
 * Go's `%v` of a float64 (strconv 'g' format, shortest precision): exponent form below 1e-4 and
 * from 1e6 up (`1e+06`), with at least two exponent digits.
 */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = v.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(v);
}

/**
 * Go's `%#v` of a value decoded into `interface{}`, as compose-go prints non-string keys and
 * go-yaml prints unusable keys: `123`, `1.5`, `true`, `<nil>`, `"text"`,
 * `[]interface {}{"a"}`, `map[string]interface {}{"k":1}`.
 * @param nested true inside a container, where a nil shows as `interface {}(nil)`
 */
export function goSharpV(value: unknown, nested = false): string {
  if (value === null || value === undefined) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return Number.isInteger(value) ? goInt(value) : goFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Timestamp) return value.text;
  if (value instanceof FloatKey) return goFloat(value.value);
  if (Array.isArray(value)) {
    return `[]interface {}{${value.map((v) => goSharpV(v, true)).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const body = entries.map(([k, v]) => `${goQuote(k)}:${goSharpV(v, true)}`).join(', ');
    return `map[string]interface {}{${body}}`;
  }
  return typeof value === 'bigint' ? value.toString() : '?';
}

function goInt(v: number): string {
  // Integral values from the YAML int resolver print as Go ints; large ones lost precision
  // on the way into a double, so print them without exponent at least.
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}
