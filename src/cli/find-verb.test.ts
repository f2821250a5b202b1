import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findVerb } from './find-verb.js';

test('findVerb skips global flags and their values', () => {
  assert.equal(findVerb(['-f', 'a.yaml', '-p', 'x', '--profile', 'dev', 'up', '-d']), 'up');
  assert.equal(findVerb(['--env-file', '.env', '--dry-run', 'config', '-q']), 'config');
  assert.equal(findVerb(['--file=a.yaml', 'ps']), 'ps');
  assert.equal(findVerb(['--help']), undefined);
  assert.equal(findVerb([]), undefined);
});
