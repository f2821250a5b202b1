import { goString, goTypeName } from '../go-format.js';
import { dict, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * A list of `key=value` strings becomes a mapping (`services.*.build.additional_contexts`);
 * the value is everything after the first `=`.
 * @throws ComposeError('SCHEMA') for an entry without `=` (unless parse errors are ignored,
 * then the list is left as it is), or a value that is neither a list nor a mapping.
 */
export const transformKeyValue: Rule = (node, path, ctx) => {
  if (isDict(node)) return node;
  if (!Array.isArray(node)) throw transformError(path, `invalid type ${goTypeName(node)}`);
  const out = dict();
  for (const entry of node) {
    const text = goString(entry);
    const eq = text.indexOf('=');
    if (eq < 0) {
      if (ctx.ignoreParseErrors) return node as unknown;
      throw transformError(path, `invalid value ${text}, expected key=value`);
    }
    out[text.slice(0, eq)] = text.slice(eq + 1);
  }
  return out;
};
