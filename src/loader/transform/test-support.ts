import assert from 'node:assert/strict';
import { isComposeError, type ComposeErrorCode } from '../../api/errors.js';
import { deepCopy, getPath, type Dict, type Path } from '../tree.js';

/**
 * Helpers for the tests of this folder. Inputs are deep-frozen, so a transformation that
 * modifies a node it did not create fails with a TypeError.
 */

/** A frozen tree (mappings that inherit nothing) from a literal. */
export function frozen(value: Record<string, unknown>): Dict {
  return deepFreeze(deepCopy(value as Dict));
}

/** A frozen model with one service `web`. */
export function withService(service: Record<string, unknown>): Dict {
  return frozen({ services: { web: service } });
}

/** The node at `path` as plain JSON data, to compare with literals. */
export function plainAt(tree: unknown, path: Path): unknown {
  const node = getPath(tree, path);
  return node === undefined ? undefined : (JSON.parse(JSON.stringify(node)) as unknown);
}

/** Asserts that `fn` throws a ComposeError of `code` whose message contains `text`. */
export function assertComposeError(
  fn: () => unknown,
  code: ComposeErrorCode,
  text: string,
  path?: string,
): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isComposeError(err), `expected a ComposeError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.message.includes(text), `message ${JSON.stringify(err.message)} lacks ${text}`);
    if (path !== undefined) assert.equal(err.path, path);
    return true;
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
