import { goTypeName } from '../go-format.js';
import { dict, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.build.ssh`: a list of `id=path` entries becomes a mapping; `default` alone maps
 * to null (the default agent socket).
 * @throws ComposeError('SCHEMA') for an entry that is not a string, an entry without `=` other
 * than `default`, or a value that is neither a list nor a mapping.
 */
export const transformSSH: Rule = (node, path) => {
  if (isDict(node)) return node;
  if (!Array.isArray(node)) {
    throw transformError(path, `invalid type ${goTypeName(node)} for ssh`);
  }
  const out = dict();
  for (let i = 0; i < node.length; i++) {
    const entry: unknown = node[i];
    if (typeof entry !== 'string') {
      throw transformError([...path, i], `invalid ssh key type ${goTypeName(entry)}`);
    }
    const eq = entry.indexOf('=');
    if (eq >= 0) {
      out[entry.slice(0, eq)] = entry.slice(eq + 1);
    } else if (entry === 'default') {
      out.default = null;
    } else {
      throw transformError([...path, i], `invalid ssh key ${JSON.stringify(entry)}`);
    }
  }
  return out;
};
