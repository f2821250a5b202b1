import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discardEvents } from '../api/events.js';
import type { ContainerSummary, EngineClient } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { targetContainer } from './exec.js';

function fakeContext(containers: Partial<ContainerSummary>[]): ComposeContext {
  const engine = {
    containers: { list: () => Promise.resolve(containers as ContainerSummary[]) },
  } as unknown as EngineClient;
  return {
    engine,
    events: discardEvents,
    parallel: -1,
    compatibility: false,
    composeVersion: '0',
    warn: () => undefined,
  };
}

const labels = (n: string | undefined, oneoff = false): Record<string, string> => ({
  'com.docker.compose.project': 'p',
  'com.docker.compose.service': 'web',
  'com.docker.compose.oneoff': oneoff ? 'True' : 'False',
  ...(n === undefined ? {} : { 'com.docker.compose.container-number': n }),
});

test('targetContainer picks the lowest replica, then a one-off, and honours --index', async () => {
  const ctx = fakeContext([
    { Id: 'run', Names: ['/p-web-run-1'], Labels: labels(undefined, true) },
    { Id: 'two', Names: ['/p-web-2'], Labels: labels('2') },
    { Id: 'one', Names: ['/p-web-1'], Labels: labels('1') },
  ]);
  assert.equal((await targetContainer(ctx, 'p', { service: 'web' })).Id, 'one');
  assert.equal((await targetContainer(ctx, 'p', { service: 'web', index: 2 })).Id, 'two');
  await assert.rejects(
    targetContainer(ctx, 'p', { service: 'web', index: 3 }),
    /service "web" is not running container #3/,
  );
  const onlyOneoff = fakeContext([
    { Id: 'run', Names: ['/p-web-run-1'], Labels: labels(undefined, true) },
  ]);
  assert.equal((await targetContainer(onlyOneoff, 'p', { service: 'web' })).Id, 'run');
  await assert.rejects(
    targetContainer(fakeContext([]), 'p', { service: 'web' }),
    /^Error|service "web" is not running$/,
  );
});
