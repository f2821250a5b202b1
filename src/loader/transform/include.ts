import { goTypeName } from '../go-format.js';
import { dict, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `include.*`: a string is the path of the included file, `{path: <file>}`.
 * @throws ComposeError('SCHEMA') when an entry is neither a string nor a mapping.
 */
export const transformInclude: Rule = (node, path) => {
  if (isDict(node)) return node;
  if (typeof node === 'string') return dict([['path', node]]);
  throw transformError(path, `invalid type ${goTypeName(node)} for include`);
};
