import { goString } from '../go-format.js';
import { dict, isDict } from '../tree.js';
import { type Rule } from './rules.js';

/** `services.*`: the rules of a service's attributes apply inside a service mapping. */
export const transformService: Rule = (node, _path, ctx) =>
  isDict(node) ? ctx.children(node) : node;

/**
 * A list of names becomes a mapping of names to null (`services.*.networks`,
 * `services.*.models`): `[front, back]` is `{front: null, back: null}`.
 */
export const transformStringSliceToMap: Rule = (node) => {
  if (!Array.isArray(node)) return node;
  const out = dict();
  for (const name of node) out[goString(name)] = null;
  return out;
};
