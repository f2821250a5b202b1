// A file with one passing, one failing and one skipped test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
test('passes', () => undefined);
test('fails', () => {
  assert.equal(1, 2);
});
test.skip('skipped', () => undefined);
