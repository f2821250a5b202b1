import { goTypeName } from '../go-format.js';
import { copyDict, has, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * Default of a device request (`services.*.gpus.*`,
 * `services.*.deploy.resources.reservations.devices.*`): without `count` nor `device_ids`, it
 * asks for all devices, `count: all`.
 * @throws ComposeError('SCHEMA') when the request is not a mapping.
 */
export const deviceRequestDefaults: Rule = (node, path) => {
  if (!isDict(node)) {
    throw transformError(path, `invalid type ${goTypeName(node)} for device request`);
  }
  if (has(node, 'count') || has(node, 'device_ids')) return node;
  const request = copyDict(node);
  request.count = 'all';
  return request;
};
