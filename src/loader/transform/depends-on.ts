import { goString, goTypeName } from '../go-format.js';
import { copyDict, dict, has, isDict, type Dict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.depends_on`: a list of service names becomes a mapping; every dependency gets
 * `condition: service_started` and `required: true` unless it says otherwise.
 * @throws ComposeError('SCHEMA') when a dependency of the mapping form is not a mapping, or
 * `depends_on` is neither a list nor a mapping.
 */
export const transformDependsOn: Rule = (node, path) => {
  if (isDict(node)) {
    let out: Dict | undefined;
    for (const name of Object.keys(node)) {
      const dependency = node[name];
      if (!isDict(dependency)) {
        throw transformError([...path, name], `unsupported value ${goString(dependency)}`);
      }
      if (has(dependency, 'condition') && has(dependency, 'required')) continue;
      const filled = copyDict(dependency);
      if (!has(filled, 'condition')) filled.condition = 'service_started';
      if (!has(filled, 'required')) filled.required = true;
      out ??= copyDict(node);
      out[name] = filled;
    }
    return out ?? node;
  }
  if (Array.isArray(node)) {
    const out = dict();
    for (const name of node) {
      out[goString(name)] = dict([
        ['condition', 'service_started'],
        ['required', true],
      ]);
    }
    return out;
  }
  throw transformError(path, `invalid type ${goTypeName(node)} for depends_on`);
};
