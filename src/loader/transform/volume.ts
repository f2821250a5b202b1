import { posix } from 'node:path';
import { isComposeError } from '../../api/errors.js';
import { goTypeName } from '../go-format.js';
import { copyDict, has, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';
import { parseVolumeSpec } from './volume-spec.js';

/**
 * `services.*.volumes.*`: the short syntax (`./data:/data:ro`) becomes the long syntax, its
 * target cleaned like a Unix path (`/data/` is `/data`); mappings stay as they are.
 * @throws ComposeError('SCHEMA') for a short syntax that does not parse (unless parse errors
 * are ignored, then the string is left as it is), or a value of another type.
 */
export const transformVolumeMount: Rule = (node, path, ctx) => {
  if (isDict(node)) return node;
  if (typeof node !== 'string') {
    throw transformError(path, `invalid type ${goTypeName(node)} for service volume mount`);
  }
  let volume;
  try {
    volume = parseVolumeSpec(node, path);
  } catch (err) {
    if (ctx.ignoreParseErrors && isComposeError(err)) return node;
    throw err;
  }
  if (typeof volume.target === 'string') volume.target = cleanTarget(volume.target);
  return volume;
};

/** Go's path.Clean, as compose-go applies it to targets. */
function cleanTarget(target: string): string {
  const clean = posix.normalize(target);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

/**
 * Default of `services.*.volumes.*.bind`: a missing host path is created,
 * `create_host_path: true`.
 * @throws ComposeError('SCHEMA') when `bind` is not a mapping.
 */
export const defaultVolumeBind: Rule = (node, path) => {
  if (!isDict(node)) {
    throw transformError(path, `invalid type ${goTypeName(node)} for service volume bind`);
  }
  if (has(node, 'create_host_path')) return node;
  const bind = copyDict(node);
  bind.create_host_path = true;
  return bind;
};
