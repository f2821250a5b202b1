import { goString, goTypeName } from '../go-format.js';
import { copyDict, dict, has, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.secrets.*`, `services.*.configs.*`, `services.*.build.secrets.*`: a string
 * names the secret or config, `{source: <name>}`.
 * @throws ComposeError('SCHEMA') when an entry is neither a string nor a mapping.
 */
export const transformFileMount: Rule = (node, path) => {
  if (isDict(node)) return node;
  if (typeof node === 'string') return dict([['source', node]]);
  throw transformError(path, `unsupported type ${goTypeName(node)}`);
};

/**
 * Default of `services.*.secrets.*`: mounted at `/run/secrets/<source>`. (A config's default
 * target depends on the platform and is set later.)
 * @throws ComposeError('SCHEMA') when the entry is not a mapping.
 */
export const defaultSecretMount: Rule = (node, path) => {
  if (!isDict(node)) throw transformError(path, `unsupported type ${goTypeName(node)}`);
  if (has(node, 'target')) return node;
  const mount = copyDict(node);
  mount.target = `/run/secrets/${goString(node.source)}`;
  return mount;
};
