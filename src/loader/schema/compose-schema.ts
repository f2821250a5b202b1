import type { JsonSchema } from './emit.js';
import { Explainer } from './explain.js';
import { compiledSchema } from './generated/validate.js';

let explainer: Explainer | undefined;

/**
 * The explainer of flotilla's Compose format, on first use (only error reporting and key
 * look-ups need it; validation runs the generated code). Its schema is the one the generated
 * validator embeds, which the build emitted from the format description (a unit test checks
 * the two agree), so the description itself is not built at run time.
 */
export function composeExplainer(): Explainer {
  explainer ??= new Explainer(compiledSchema as JsonSchema);
  return explainer;
}

/** The JSON schema emitted from the format description (built once, shared). */
export function composeJsonSchema(): JsonSchema {
  return composeExplainer().root;
}
