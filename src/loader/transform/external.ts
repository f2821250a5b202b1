import { ComposeError } from '../../api/errors.js';
import { copyDict, formatPath, has, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * Top-level `volumes.*`, `networks.*`, `secrets.*` and `configs.*`: the legacy
 * `external: {name: x}` becomes `external: true` with `name: x`.
 *
 * compose-go also logs a deprecation warning for `external.name`; the library writes nothing
 * by itself, so it is not reported.
 * @throws ComposeError('CONSISTENCY') when `name` and `external.name` differ;
 * ComposeError('SCHEMA') when the resource is not a mapping.
 */
export const transformMaybeExternal: Rule = (node, path, ctx) => {
  if (node === null) return null;
  if (!isDict(node)) {
    const where = formatPath(path);
    throw new ComposeError('SCHEMA', `${where} must be a mapping`, { path: where });
  }
  const resource = ctx.children(node) as typeof node;
  const external = resource.external;
  if (!isDict(external)) return resource;
  const out = resource === node ? copyDict(node) : resource;
  out.external = true;
  if (has(external, 'name')) {
    if (!has(out, 'name')) out.name = external.name;
    else if (external.name !== out.name) {
      throw transformError(path, 'name and external.name conflict; only use name', 'CONSISTENCY');
    }
  }
  return out;
};
