import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatus } from '../engine/index.js';
import { combinedStatus } from './ls.js';

test('combinedStatus counts states in alphabetical order', () => {
  const states: ContainerStatus[] = ['running', 'exited', 'running'];
  assert.equal(combinedStatus(states.map((State) => ({ State }))), 'exited(1), running(2)');
  assert.equal(combinedStatus([]), '');
});
