import { ComposeError, type ComposeErrorCode } from '../../api/errors.js';
import { copyDict, formatPath, isDict, type Dict, type Path } from '../tree.js';

/**
 * The path-pattern engine of the canonical-form and default-value phases: a table of rules,
 * each registered on a pattern such as `services.*.ports`, applied to a tree.
 *
 * Patterns are compiled into a trie, so the walk only visits nodes under which some rule may
 * apply; every other subtree is returned as it is, unvisited. A node that matches a rule is
 * handed to it and the walk stops there; the rule decides whether the rules below it apply to
 * its children (by calling {@link RuleContext.children}). Nodes are never modified: a rule
 * or the walk returns a new node where something changed, so subtrees shared with other parts
 * of the model stay intact.
 */

/** What a rule can do besides looking at its node. */
export interface RuleContext {
  /**
   * Applies the rules registered below the current pattern to the children of `node`, returning
   * `node` itself when nothing changed.
   */
  children(node: unknown): unknown;
  /**
   * True when short-syntax values that do not parse are left as they are instead of failing
   * (interpolation was skipped, so they may still hold `${VAR}` text).
   */
  readonly ignoreParseErrors: boolean;
}

/** A transformation of the node at a path matching the rule's pattern. */
export type Rule = (node: unknown, path: Path, ctx: RuleContext) => unknown;

/** A compiled rule table. */
export interface RuleTree {
  rule?: Rule;
  keys?: Map<string, RuleTree>;
  /** `*`: any mapping key or sequence index. */
  any?: RuleTree;
  /** `[]`: any sequence index. */
  item?: RuleTree;
}

/**
 * Compiles `[pattern, rule]` pairs; patterns are dot-separated, `*` matches any key or index,
 * `[]` any index.
 *
 * No level of the tables in this folder has both a literal key and `*` under the same parent,
 * so which of two overlapping patterns wins never arises; a literal key takes precedence.
 * @throws Error when a pattern is registered twice (a programming error).
 */
export function compileRules(table: readonly (readonly [string, Rule])[]): RuleTree {
  const root: RuleTree = {};
  for (const [pattern, rule] of table) {
    let node = root;
    for (const part of pattern.split('.')) {
      if (part === '*') node = node.any ??= {};
      else if (part === '[]') node = node.item ??= {};
      else {
        node.keys ??= new Map();
        let next = node.keys.get(part);
        if (!next) node.keys.set(part, (next = {}));
        node = next;
      }
    }
    if (node.rule) throw new Error(`rule registered twice for ${pattern}`);
    node.rule = rule;
  }
  return root;
}

/** Applies a compiled rule table to `root`, returning the transformed tree. */
export function applyRules(rules: RuleTree, root: unknown, ignoreParseErrors: boolean): unknown {
  return descend(root, [], rules, ignoreParseErrors);
}

function visit(node: unknown, path: Path, rules: RuleTree, ignore: boolean): unknown {
  const rule = rules.rule;
  if (rule === undefined) return descend(node, path, rules, ignore);
  return rule(node, path, {
    ignoreParseErrors: ignore,
    children: (n) => descend(n, path, rules, ignore),
  });
}

function descend(node: unknown, path: Path, rules: RuleTree, ignore: boolean): unknown {
  if (Array.isArray(node)) {
    const child = rules.item ?? rules.any;
    if (child === undefined) return node;
    let out: unknown[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const value: unknown = node[i];
      const result = visit(value, [...path, i], child, ignore);
      if (result !== value) {
        out ??= node.slice();
        out[i] = result;
      }
    }
    return out ?? node;
  }
  if (isDict(node)) {
    const keys = rules.keys;
    const any = rules.any;
    if (keys === undefined && any === undefined) return node;
    let out: Dict | undefined;
    for (const key of Object.keys(node)) {
      const child = keys?.get(key) ?? any;
      if (child === undefined) continue;
      const value = node[key];
      const result = visit(value, [...path, key], child, ignore);
      if (result !== value) {
        out ??= copyDict(node);
        out[key] = result;
      }
    }
    return out ?? node;
  }
  return node;
}

/**
 * The error of a transformation: `<dotted path>: <detail>`, with the path attached so that the
 * loader can point at the file, line and column (just `<detail>` without a path).
 */
export function transformError(
  path: Path | undefined,
  detail: string,
  code: ComposeErrorCode = 'SCHEMA',
): ComposeError {
  const where = path === undefined ? '' : formatPath(path);
  if (where === '') return new ComposeError(code, detail);
  return new ComposeError(code, `${where}: ${detail}`, { path: where });
}
