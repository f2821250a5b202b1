import type { Dict, Path } from '../tree.js';
import { composeExplainer } from './compose-schema.js';
import { mostSpecificError, type SchemaError } from './explain.js';
import { validate } from './generated/validate.js';
import { composeMessage } from './messages.js';
import { closestKey } from './suggest.js';

/** Why a compose model does not match the Compose format: the one error compose-go reports. */
export interface SchemaViolation {
  /**
   * Where: the instance location of the error, with sequence indices as numbers. For an unknown
   * key it is the path of that key (the first one when several), so that positions point at it.
   */
  readonly path: Path;
  /** compose-go's text, e.g. `services.foo.image must be a string`. */
  readonly message: string;
  /** The JSON Schema keyword that failed: `type`, `enum`, `additionalProperties`, ... */
  readonly keyword: string;
  /** The offending value (for an unknown key, the value under that key). */
  readonly value: unknown;
  /** For an unknown key: the closest allowed key (`imgae` -> `image`), when one is close. */
  readonly suggestion?: string;
  /**
   * For a mapping refused because another form was expected (`ulimits.nofile: {soft: 1}` gets
   * `must be a integer or string`, compose's wording): what the mapping form lacks.
   */
  readonly hint?: string;
}

/**
 * Checks a merged compose model against the Compose format (the Compose Specification schema
 * as compose-go embeds it) and returns the most specific violation, worded as compose-go words
 * it, or undefined when the model is valid.
 *
 * The fast path runs only the validator generated at build time; the error tree is computed
 * only for an invalid model.
 */
export function validateSchema(tree: Dict): SchemaViolation | undefined {
  if (validate(tree)) return undefined;
  return explainViolation(tree);
}

/** The violation for a model the generated validator refused. */
function explainViolation(tree: Dict): SchemaViolation {
  const root = composeExplainer().explain(tree);
  if (!root) {
    // The generated validator and the explainer disagree: report it rather than pass silently.
    return {
      path: [],
      message: 'the compose model does not match the Compose format',
      keyword: 'unknown',
      value: tree,
    };
  }
  const err = mostSpecificError(root);
  const message = composeMessage(err);
  const kind = err.kind;
  if (kind.keyword === 'additionalProperties') {
    const key = kind.properties[0];
    const suggestion = closestKey(key, kind.allowed);
    const value = (err.value as Dict)[key];
    const path = [...err.location, key];
    return suggestion === undefined
      ? { path, message, keyword: kind.keyword, value }
      : { path, message, keyword: kind.keyword, value, suggestion };
  }
  const hint = kind.keyword === 'type' ? mappingHint(root, err) : undefined;
  return hint === undefined
    ? { path: err.location, message, keyword: kind.keyword, value: err.value }
    : { path: err.location, message, keyword: kind.keyword, value: err.value, hint };
}

/**
 * compose-go reports the first alternative's type error even when the value is a mapping that
 * another alternative accepts but for missing keys: say which keys, from that alternative's
 * error at the same place.
 */
function mappingHint(root: SchemaError, err: SchemaError): string | undefined {
  const value = err.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const same = (e: SchemaError): boolean =>
    e.location.length === err.location.length && e.location.every((p, i) => p === err.location[i]);
  const stack = [root];
  for (let e = stack.pop(); e !== undefined; e = stack.pop()) {
    if (e.kind.keyword === 'required' && same(e)) {
      const keys = e.kind.missing.map((k) => `'${k}'`).join(' and ');
      return `as a mapping it needs ${keys} too`;
    }
    stack.push(...e.causes);
  }
  return undefined;
}
