import type { FormatDescription, MappingShape, ScalarShape, Shape } from './dsl.js';

/**
 * The subset of JSON Schema (draft 2020-12) that flotilla's format description produces and
 * that the error explainer (`explain.ts`) understands.
 */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $defs?: Record<string, JsonSchema>;
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  items?: JsonSchema | boolean;
  uniqueItems?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
}

/** The key pattern that makes a mapping accept extension keys. */
export const EXTENSION_PATTERN = '^x-';

/**
 * Turns a format description into a JSON schema (draft 2020-12) with the shared definitions
 * under `$defs`. Pure: the same description always gives the same schema.
 */
export function toJsonSchema(format: FormatDescription): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  for (const name of Object.keys(format.definitions)) {
    defs[name] = emit(format.definitions[name], format);
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'flotilla-compose-format.json',
    ...emit(format.root, format),
    $defs: defs,
  };
}

function emit(shape: Shape, format: FormatDescription): JsonSchema {
  switch (shape.kind) {
    case 'scalar':
      return emitScalar(shape);
    case 'mapping':
      return emitMapping(shape, format);
    case 'list': {
      const out: JsonSchema = { type: 'array' };
      if (shape.items) out.items = emit(shape.items, format);
      if (shape.unique) out.uniqueItems = true;
      return out;
    }
    case 'alternatives':
      return { oneOf: shape.options.map((o) => emit(o, format)) };
    case 'use':
      if (!(shape.name in format.definitions)) {
        throw new Error(`format description uses undefined definition '${shape.name}'`);
      }
      return { $ref: `#/$defs/${shape.name}` };
    case 'any':
      return {};
  }
}

function typeKeyword(types: readonly string[]): string | string[] {
  return types.length === 1 ? types[0] : [...types];
}

function emitScalar(shape: ScalarShape): JsonSchema {
  const out: JsonSchema = { type: typeKeyword(shape.types) };
  if (shape.oneOfValues) out.enum = [...shape.oneOfValues];
  if (shape.matches !== undefined) out.pattern = shape.matches;
  if (shape.atLeast !== undefined) out.minimum = shape.atLeast;
  if (shape.atMost !== undefined) out.maximum = shape.atMost;
  return out;
}

function emitMapping(shape: MappingShape, format: FormatDescription): JsonSchema {
  const out: JsonSchema = { type: typeKeyword(['object', ...shape.alsoAccepts]) };
  const names = Object.keys(shape.fields);
  if (names.length > 0) {
    const properties: Record<string, JsonSchema> = {};
    for (const name of names) properties[name] = emit(shape.fields[name], format);
    out.properties = properties;
  }
  if (shape.keyed.length > 0 || shape.extensible) {
    const patterns: Record<string, JsonSchema> = {};
    for (const [pattern, value] of shape.keyed) patterns[pattern] = emit(value, format);
    if (shape.extensible) patterns[EXTENSION_PATTERN] = {};
    out.patternProperties = patterns;
  }
  if (shape.closed) out.additionalProperties = false;
  if (shape.required.length > 0) out.required = [...shape.required];
  return out;
}
