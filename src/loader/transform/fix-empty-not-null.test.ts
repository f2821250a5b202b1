import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixEmptyNotNull } from './fix-empty-not-null.js';
import { plainAt, withService } from './test-support.js';

test('fixEmptyNotNull keeps empty sequences empty and nulls null', () => {
  const tree = withService({ ports: [], command: null, volumes: [[]] });
  const out = fixEmptyNotNull(tree);
  assert.deepEqual(plainAt(out, ['services', 'web']), { ports: [], command: null, volumes: [[]] });
});
