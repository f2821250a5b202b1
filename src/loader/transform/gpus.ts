import { goTypeName } from '../go-format.js';
import { dict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.gpus`: a string (`gpus: all`) asks for every GPU, `[{count: all}]`.
 * @throws ComposeError('SCHEMA') when `gpus` is neither a string nor a list.
 */
export const transformGpus: Rule = (node, path, ctx) => {
  if (Array.isArray(node)) return ctx.children(node);
  if (typeof node === 'string') return [dict([['count', 'all']])];
  throw transformError(path, `invalid type ${goTypeName(node)} for gpus`);
};
