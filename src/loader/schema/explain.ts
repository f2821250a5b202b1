import type { JsonSchema } from './emit.js';
import type { Path } from '../tree.js';

/**
 * Explains why a value fails a JSON schema, the way compose-go does.
 *
 * compose-go validates with santhosh-tekuri/jsonschema (v6) and reports only the "most
 * specific" error of the resulting error tree. The shape of that tree decides which error wins,
 * so this evaluator builds the same tree: a failed `type` or `enum` check stops evaluation of
 * that schema; then `$ref`, `required`, each property (in document order, where Go's map order
 * is random), `additionalProperties`, array and string and number keywords, then
 * `oneOf`/`anyOf`/`allOf`; one error stays itself, several become a group. It runs only after
 * the generated validator has refused the model, so it favours clarity over speed.
 */

/** What went wrong at one place, with the data jsonschema's messages are made from. */
export type ErrorKind =
  | { readonly keyword: 'type'; readonly want: readonly string[] }
  | { readonly keyword: 'enum'; readonly want: readonly unknown[] }
  | { readonly keyword: 'const'; readonly want: unknown }
  | { readonly keyword: 'pattern'; readonly got: string; readonly want: string }
  | { readonly keyword: 'minimum' | 'maximum'; readonly want: number }
  | { readonly keyword: 'required'; readonly missing: readonly string[] }
  | {
      readonly keyword: 'additionalProperties';
      readonly properties: readonly string[];
      /** The named properties of the mapping, for "did you mean". */
      readonly allowed: readonly string[];
    }
  | { readonly keyword: 'uniqueItems'; readonly duplicates: readonly [number, number] }
  | { readonly keyword: 'oneOf'; readonly matched: readonly [number, number] | undefined }
  | { readonly keyword: 'anyOf' | 'allOf' | '$ref' | 'group' | 'schema' | 'false' }
  | { readonly keyword: 'invalid'; readonly got: string };

/** One node of the error tree. */
export interface SchemaError {
  /** Where in the instance: keys and sequence indices from the root. */
  readonly location: Path;
  readonly kind: ErrorKind;
  /** The instance value at `location`. */
  readonly value: unknown;
  readonly causes: readonly SchemaError[];
}

/** The JSON type of a tree value as jsonschema sees it (`invalid` for anything else). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return Array.isArray(value) ? 'array' : 'object';
    default:
      return 'invalid';
  }
}

/** Deep equality of JSON values (numbers by value, mappings regardless of key order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

/** Evaluates values against one root schema; regular expressions are compiled once. */
export class Explainer {
  private readonly patterns = new Map<string, RegExp>();

  constructor(
    /** The schema every value is checked against. */
    readonly root: JsonSchema,
  ) {}

  /** The error tree for `value`, rooted in a `schema` node; undefined when it is valid. */
  explain(value: unknown): SchemaError | undefined {
    const err = this.check(this.root, value, []);
    if (!err) return undefined;
    const causes = err.kind.keyword === 'group' ? err.causes : [err];
    return { location: [], kind: { keyword: 'schema' }, value, causes };
  }

  /** True when `value` at `location` satisfies `schema`. */
  matches(schema: JsonSchema, value: unknown, location: Path): boolean {
    return this.check(schema, value, location) === undefined;
  }

  /** Resolves a local reference (`#/$defs/name`, or any JSON pointer into the root). */
  resolve(ref: string): JsonSchema {
    if (!ref.startsWith('#')) throw new Error(`unsupported schema reference '${ref}'`);
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Record<string, unknown> | undefined)?.[token];
    }
    if (node === undefined) throw new Error(`unresolvable schema reference '${ref}'`);
    return node as JsonSchema;
  }

  /** The compiled regular expression of a schema pattern (JavaScript `u` semantics). */
  regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (!re) {
      re = new RegExp(pattern, 'u');
      this.patterns.set(pattern, re);
    }
    return re;
  }

  private check(
    schema: JsonSchema | boolean,
    value: unknown,
    location: Path,
  ): SchemaError | undefined {
    const leaf = (kind: ErrorKind): SchemaError => ({ location, kind, value, causes: [] });
    if (schema === true) return undefined;
    if (schema === false) return leaf({ keyword: 'false' });

    const type = jsonType(value);
    if (type === 'invalid') return leaf({ keyword: 'invalid', got: typeof value });
    if (schema.type !== undefined) {
      const want = typeof schema.type === 'string' ? [schema.type] : schema.type;
      const ok =
        want.includes(type) ||
        (type === 'number' && want.includes('integer') && Number.isInteger(value));
      if (!ok) return leaf({ keyword: 'type', want: jsonTypeOrder(want) });
    }
    if (schema.const !== undefined && !jsonEqual(value, schema.const)) {
      return leaf({ keyword: 'const', want: schema.const });
    }
    if (schema.enum !== undefined && !schema.enum.some((v) => jsonEqual(value, v))) {
      return leaf({ keyword: 'enum', want: schema.enum });
    }

    const errors: SchemaError[] = [];
    if (schema.$ref !== undefined) {
      const err = this.check(this.resolve(schema.$ref), value, location);
      if (err) {
        const causes = err.kind.keyword === 'group' ? err.causes : [err];
        errors.push({ location, kind: { keyword: '$ref' }, value, causes });
      }
    }

    if (type === 'object')
      this.checkObject(schema, value as Record<string, unknown>, location, errors);
    else if (type === 'array') this.checkArray(schema, value as unknown[], location, errors);
    else if (type === 'string') {
      if (schema.pattern !== undefined && !this.regex(schema.pattern).test(value as string)) {
        errors.push(leaf({ keyword: 'pattern', got: value as string, want: schema.pattern }));
      }
    } else if (type === 'number') {
      const n = value as number;
      if (schema.minimum !== undefined && n < schema.minimum) {
        errors.push(leaf({ keyword: 'minimum', want: schema.minimum }));
      }
      if (schema.maximum !== undefined && n > schema.maximum) {
        errors.push(leaf({ keyword: 'maximum', want: schema.maximum }));
      }
    }

    this.checkCombinators(schema, value, location, errors);

    if (errors.length === 0) return undefined;
    if (errors.length === 1) return errors[0];
    return { location, kind: { keyword: 'group' }, value, causes: errors };
  }

  private checkObject(
    schema: JsonSchema,
    obj: Record<string, unknown>,
    location: Path,
    errors: SchemaError[],
  ): void {
    if (schema.required) {
      const missing = schema.required.filter((k) => !Object.hasOwn(obj, k));
      if (missing.length > 0) {
        errors.push({ location, kind: { keyword: 'required', missing }, value: obj, causes: [] });
      }
    }
    const extra: string[] = [];
    for (const key of Object.keys(obj)) {
      const child = obj[key];
      const at = [...location, key];
      let evaluated = false;
      const property = schema.properties?.[key];
      if (property !== undefined && Object.hasOwn(schema.properties!, key)) {
        evaluated = true;
        this.push(errors, this.check(property, child, at));
      }
      if (schema.patternProperties) {
        for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
          if (this.regex(pattern).test(key)) {
            evaluated = true;
            this.push(errors, this.check(sub, child, at));
          }
        }
      }
      if (!evaluated && schema.additionalProperties !== undefined) {
        if (schema.additionalProperties === false) extra.push(key);
        else this.push(errors, this.check(schema.additionalProperties, child, at));
      }
    }
    if (extra.length > 0) {
      const allowed = Object.keys(schema.properties ?? {});
      errors.push({
        location,
        kind: { keyword: 'additionalProperties', properties: extra, allowed },
        value: obj,
        causes: [],
      });
    }
  }

  private checkArray(
    schema: JsonSchema,
    arr: unknown[],
    location: Path,
    errors: SchemaError[],
  ): void {
    if (schema.uniqueItems && arr.length > 1) {
      const pair = firstDuplicate(arr);
      if (pair) {
        errors.push({
          location,
          kind: { keyword: 'uniqueItems', duplicates: pair },
          value: arr,
          causes: [],
        });
      }
    }
    if (schema.items !== undefined) {
      const items = schema.items;
      arr.forEach((item, i) => {
        this.push(errors, this.check(items, item, [...location, i]));
      });
    }
  }

  private checkCombinators(
    schema: JsonSchema,
    value: unknown,
    location: Path,
    errors: SchemaError[],
  ): void {
    const node = (kind: ErrorKind, causes: SchemaError[]): SchemaError => ({
      location,
      kind,
      value,
      causes,
    });
    if (schema.allOf) {
      const failed = schema.allOf
        .map((s) => this.check(s, value, location))
        .filter((e): e is SchemaError => e !== undefined);
      if (failed.length > 0) errors.push(node({ keyword: 'allOf' }, failed));
    }
    if (schema.anyOf) {
      const failed: SchemaError[] = [];
      let matched = false;
      for (const s of schema.anyOf) {
        const err = this.check(s, value, location);
        if (!err) {
          matched = true;
          break;
        }
        failed.push(err);
      }
      if (!matched) errors.push(node({ keyword: 'anyOf' }, failed));
    }
    if (schema.oneOf) {
      const failed: SchemaError[] = [];
      let matched = -1;
      for (let i = 0; i < schema.oneOf.length; i++) {
        const err = this.check(schema.oneOf[i], value, location);
        if (err) {
          if (matched === -1) failed.push(err);
        } else if (matched === -1) {
          matched = i;
        } else {
          errors.push(node({ keyword: 'oneOf', matched: [matched, i] }, []));
          break;
        }
      }
      if (matched === -1) errors.push(node({ keyword: 'oneOf', matched: undefined }, failed));
    }
  }

  private push(errors: SchemaError[], err: SchemaError | undefined): void {
    if (err) errors.push(err);
  }
}

const TYPE_ORDER = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

/** jsonschema lists wanted types in a fixed order, whatever the schema's order. */
function jsonTypeOrder(types: readonly string[]): string[] {
  return TYPE_ORDER.filter((t) => types.includes(t));
}

/** The first pair (earlier index, later index) of equal items, as jsonschema finds it. */
function firstDuplicate(arr: readonly unknown[]): [number, number] | undefined {
  for (let i = 1; i < arr.length; i++) {
    for (let j = 0; j < i; j++) {
      if (jsonEqual(arr[i], arr[j])) return [j, i];
    }
  }
  return undefined;
}

/**
 * compose-go's choice among the leaves of an error tree: the deepest instance location wins;
 * an unknown-key error counts one level deeper than its mapping; on a tie the first one found.
 */
export function mostSpecificError(err: SchemaError): SchemaError {
  if (err.causes.length === 0) return err;
  let best: SchemaError | undefined;
  for (const cause of err.causes) {
    const candidate = mostSpecificError(cause);
    if (best === undefined || specificity(candidate) > specificity(best)) best = candidate;
  }
  return best!;
}

function specificity(err: SchemaError): number {
  return err.location.length + (err.kind.keyword === 'additionalProperties' ? 1 : 0);
}
