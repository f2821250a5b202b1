import { goTypeName } from '../go-format.js';
import { dict, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.devices.*`: `source[:target[:permissions]]` becomes
 * `{source, target, permissions}`; the target defaults to the source, permissions to `rwm`.
 * @throws ComposeError('SCHEMA') for more than three sections (unless parse errors are
 * ignored, then source and target stay empty), or a value that is neither a string nor a
 * mapping.
 */
export const transformDeviceMapping: Rule = (node, path, ctx) => {
  if (isDict(node)) return node;
  if (typeof node !== 'string') {
    throw transformError(path, `invalid type ${goTypeName(node)} for device mapping`);
  }
  const parts = node.split(':');
  let source = '';
  let target = '';
  let permissions = 'rwm';
  if (parts.length <= 3) {
    source = parts[0]!;
    target = parts[1] ?? '';
    permissions = parts[2] ?? permissions;
  } else if (!ctx.ignoreParseErrors) {
    throw transformError(path, `confusing device mapping, please use long syntax: ${node}`);
  }
  if (target === '') target = source;
  return dict([
    ['source', source],
    ['target', target],
    ['permissions', permissions],
  ]);
};
