import type { Path } from '../tree.js';
import { composeExplainer } from './compose-schema.js';
import type { JsonSchema } from './emit.js';
import type { Explainer } from './explain.js';

/**
 * The named keys the Compose format allows in the mapping at `path` (`['services', 'web']` gives
 * `build`, `image`, ...; `[]` gives the top-level keys), for "did you mean" hints. Where the
 * format allows several forms, the keys of every mapping form are listed. Undefined when `path`
 * does not lead to a mapping with named keys (free-form mappings such as `environment`, or an
 * unknown place).
 */
export function allowedKeys(path: Path): readonly string[] | undefined {
  const explainer = composeExplainer();
  let schemas = expand(explainer, [explainer.root]);
  for (const segment of path) {
    const next: JsonSchema[] = [];
    for (const schema of schemas) step(explainer, schema, segment, next);
    schemas = expand(explainer, next);
    if (schemas.length === 0) return undefined;
  }
  const keys = new Set<string>();
  for (const schema of schemas) {
    if (acceptsType(schema, 'object') && schema.properties) {
      for (const k of Object.keys(schema.properties)) keys.add(k);
    }
  }
  return keys.size > 0 ? [...keys] : undefined;
}

/** Follows references and alternatives to the schemas a value must (or may) satisfy. */
function expand(explainer: Explainer, schemas: readonly JsonSchema[]): JsonSchema[] {
  const out: JsonSchema[] = [];
  const visit = (schema: JsonSchema): void => {
    if (schema.$ref !== undefined) visit(explainer.resolve(schema.$ref));
    for (const alt of [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]) {
      visit(alt);
    }
    if (!out.includes(schema)) out.push(schema);
  };
  schemas.forEach(visit);
  return out;
}

function step(
  explainer: Explainer,
  schema: JsonSchema,
  segment: string | number,
  out: JsonSchema[],
): void {
  if (typeof segment === 'number') {
    if (acceptsType(schema, 'array') && typeof schema.items === 'object') out.push(schema.items);
    return;
  }
  if (!acceptsType(schema, 'object')) return;
  let matched = false;
  if (schema.properties && Object.hasOwn(schema.properties, segment)) {
    matched = true;
    out.push(schema.properties[segment]);
  }
  for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) {
    if (explainer.regex(pattern).test(segment)) {
      matched = true;
      out.push(sub);
    }
  }
  if (!matched && typeof schema.additionalProperties === 'object') {
    out.push(schema.additionalProperties);
  }
}

/** True when the schema's `type` (if any) admits `type`. */
function acceptsType(schema: JsonSchema, type: string): boolean {
  if (schema.type === undefined) return type === 'object' ? hasObjectKeywords(schema) : true;
  return typeof schema.type === 'string' ? schema.type === type : schema.type.includes(type);
}

function hasObjectKeywords(schema: JsonSchema): boolean {
  return (
    schema.properties !== undefined ||
    schema.patternProperties !== undefined ||
    schema.additionalProperties !== undefined
  );
}
