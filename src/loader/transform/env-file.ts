import { goTypeName } from '../go-format.js';
import { copyDict, dict, has, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.env_file`: a string or a list of paths and `{path, required, format}` mappings
 * becomes a list of mappings, `required: true` unless said otherwise.
 * @throws ComposeError('SCHEMA') when `env_file` is neither a string nor a list.
 */
export const transformEnvFile: Rule = (node, path) => {
  if (typeof node === 'string') return [envFile(node)];
  if (Array.isArray(node)) {
    const list: readonly unknown[] = node;
    let out: unknown[] | undefined;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const file = envFile(item);
      if (file !== item) {
        out ??= list.slice();
        out[i] = file;
      }
    }
    return out ?? list;
  }
  throw transformError(path, `invalid type ${goTypeName(node)} for env_file`);
};

/** One entry; an entry of another type becomes null, as in compose-go. */
function envFile(item: unknown): unknown {
  if (typeof item === 'string') {
    return dict([
      ['path', item],
      ['required', true],
    ]);
  }
  if (isDict(item)) {
    if (has(item, 'required')) return item;
    const file = copyDict(item);
    file.required = true;
    return file;
  }
  return null;
}
