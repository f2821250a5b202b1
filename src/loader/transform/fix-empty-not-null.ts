import type { Dict } from '../tree.js';

/**
 * compose-go's fixEmptyNotNull: its YAML decoder can yield a nil sequence for `[]`, which the
 * schema validator then sees as null; the fix turns such sequences back into empty ones.
 *
 * In this tree an empty sequence is always an empty array and null is always null, so there is
 * nothing to fix: the tree is returned as it is. The phase is kept so that the loader follows
 * compose-go's phase order step by step.
 */
export function fixEmptyNotNull(tree: Dict): Dict {
  return tree;
}
