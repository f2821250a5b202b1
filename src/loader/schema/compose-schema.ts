import { composeFormat } from './compose-format.js';
import { toJsonSchema, type JsonSchema } from './emit.js';
import { Explainer } from './explain.js';

let explainer: Explainer | undefined;

/**
 * The JSON schema of flotilla's Compose format description, built on first use (only error
 * reporting and key look-ups need it; validation runs the generated code).
 */
export function composeExplainer(): Explainer {
  explainer ??= new Explainer(toJsonSchema(composeFormat));
  return explainer;
}

/** The JSON schema emitted from the format description (built once, shared). */
export function composeJsonSchema(): JsonSchema {
  return composeExplainer().root;
}
