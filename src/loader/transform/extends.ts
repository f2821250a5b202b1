import { goTypeName } from '../go-format.js';
import { dict, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.extends`: a string names a service of the same file, `{service: <name>}`.
 * @throws ComposeError('SCHEMA') when `extends` is neither a string nor a mapping.
 */
export const transformExtends: Rule = (node, path, ctx) => {
  if (isDict(node)) return ctx.children(node);
  if (typeof node === 'string') return dict([['service', node]]);
  throw transformError(path, `invalid type ${goTypeName(node)} for extends`);
};
