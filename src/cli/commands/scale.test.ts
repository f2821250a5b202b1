import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScaleSpecs } from './scale.js';

test('parseScaleSpecs reads SERVICE=REPLICAS, the last one winning', () => {
  assert.deepEqual(parseScaleSpecs(['web=3', 'db=0', 'web=2']), { web: 2, db: 0 });
});

test('parseScaleSpecs rejects malformed specifiers with compose messages', () => {
  assert.throws(() => parseScaleSpecs(['web']), /invalid scale specifier: web$/);
  assert.throws(
    () => parseScaleSpecs(['web=x']),
    /invalid scale specifier: can't parse replica value as int: web=x/,
  );
  assert.throws(() => parseScaleSpecs(['web=-1']), /can't parse replica value/);
});
