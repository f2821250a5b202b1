import { goTypeName } from '../go-format.js';
import { isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.ulimits.*` and `services.*.build.ulimits.*`: a single integer (soft and hard
 * limit alike) or a `{soft, hard}` mapping; both stay as they are.
 * @throws ComposeError('SCHEMA') for any other type.
 */
export const transformUlimits: Rule = (node, path) => {
  if (isDict(node) || (typeof node === 'number' && Number.isInteger(node))) return node;
  throw transformError(path, `invalid type ${goTypeName(node)} for ulimit`);
};
