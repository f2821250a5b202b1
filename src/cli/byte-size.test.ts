import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binarySize, decimalSize } from './byte-size.js';

test('byte-size: binary units with four digits for memory, decimal with three for sizes and I/O', () => {
  assert.equal(binarySize(1023), '1023B');
  assert.equal(binarySize(1024 * 1024 * 1.4961), '1.496MiB');
  assert.equal(decimalSize(999), '999B');
  assert.equal(decimalSize(187_400), '187kB');
  assert.equal(decimalSize(4_861_000), '4.86MB');
});
