import { isComposeError } from '../../api/errors.js';
import { goTypeName } from '../go-format.js';
import { copyDict, has, isDict } from '../tree.js';
import { parsePortSpec } from './port-spec.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.ports`: every short-syntax entry (`"8080:80/udp"`, `80`) becomes one long-syntax
 * mapping per target port (a range gives several); mappings are kept as they are.
 * @throws ComposeError('SCHEMA') for a short syntax that does not parse (unless parse errors
 * are ignored, then the whole list is left as it is; an integer entry is never excused), or an
 * entry or list of another type.
 */
export const transformPorts: Rule = (node, path, ctx) => {
  if (!Array.isArray(node)) {
    throw transformError(path, `invalid type ${goTypeName(node)} for port`);
  }
  const out: unknown[] = [];
  for (let i = 0; i < node.length; i++) {
    const entry: unknown = node[i];
    if (isDict(entry)) {
      out.push(entry);
    } else if (typeof entry === 'number' && Number.isInteger(entry)) {
      out.push(...parsePortSpec(entry, [...path, i]));
    } else if (typeof entry === 'string') {
      try {
        out.push(...parsePortSpec(entry, [...path, i]));
      } catch (err) {
        if (ctx.ignoreParseErrors && isComposeError(err)) return node as unknown;
        throw err;
      }
    } else {
      throw transformError([...path, i], `invalid type ${goTypeName(entry)} for port`);
    }
  }
  return out;
};

/** Default of `services.*.ports.*`: `protocol: tcp`, `mode: ingress`. */
export const portDefaults: Rule = (node) => {
  if (!isDict(node) || (has(node, 'protocol') && has(node, 'mode'))) return node;
  const port = copyDict(node);
  if (!has(port, 'protocol')) port.protocol = 'tcp';
  if (!has(port, 'mode')) port.mode = 'ingress';
  return port;
};
