import { dict, isDict, type Dict } from '../tree.js';
import { applyRules, compileRules, type Rule, type RuleTree } from './rules.js';

/** Null and empty-string entries are dropped where they mean "unset". */
const dropEmpty: Rule = (node) => {
  if (Array.isArray(node)) {
    const list: readonly unknown[] = node;
    return list.some(isEmpty) ? list.filter((item) => !isEmpty(item)) : list;
  }
  if (isDict(node)) {
    const keys = Object.keys(node);
    if (!keys.some((k) => isEmpty(node[k]))) return node;
    const out = dict();
    for (const k of keys) if (!isEmpty(node[k])) out[k] = node[k];
    return out;
  }
  return node;
};

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

let rules: RuleTree | undefined;

/**
 * Removes empty values that mean "not set" (compose-go's loader.OmitEmpty): today the entries
 * of `services.*.dns`, so that `dns: ${UNSET}` configures no DNS server rather than an empty
 * one.
 *
 * The input is not modified; unchanged subtrees are shared with the result.
 */
export function omitEmpty(tree: Dict): Dict {
  rules ??= compileRules([['services.*.dns', dropEmpty]]);
  return applyRules(rules, tree, false) as Dict;
}
