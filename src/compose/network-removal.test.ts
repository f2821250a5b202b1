// Removing a network the engine keeps counting endpoints on: retried within a bound, then left
// with a warning that says what held it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import { EngineError, type EngineClient } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { removeNetwork } from './network-removal.js';

function context(
  holders: Record<string, { Name: string }>,
  leaks = false,
): {
  ctx: ComposeContext;
  events: ProgressEvent[];
  warnings: string[];
  removes: () => number;
  disconnected: string[];
} {
  let removes = 0;
  const disconnected: string[] = [];
  const events: ProgressEvent[] = [];
  const warnings: string[] = [];
  const engine = {
    networks: {
      inspect: () => Promise.resolve({ Containers: holders }),
      disconnect: (_id: string, body: { Container: string; Force: boolean }) => {
        assert.equal(body.Force, true);
        disconnected.push(body.Container);
        return Promise.resolve();
      },
      remove: () => {
        removes++;
        if (leaks && disconnected.length >= Object.keys(holders).length) return Promise.resolve();
        return Promise.reject(
          new EngineError(
            'error while removing network: network p_default id 1f has active endpoints',
            {
              status: 403,
              method: 'DELETE',
              path: '/networks/1f',
              host: 'unix:///fake.sock',
            },
          ),
        );
      },
    },
  } as unknown as EngineClient;
  const ctx: ComposeContext = {
    engine,
    events: (e) => events.push(e),
    parallel: -1,
    compatibility: false,
    composeVersion: 'test',
    warn: (m) => warnings.push(m),
  };
  return { ctx, events, warnings, removes: () => removes, disconnected };
}

test('removeNetwork retries while only removed containers hold the network, then warns', async () => {
  const { ctx, events, warnings, removes } = context({
    c1: { Name: 'p-web-1' },
    'ep-9a': { Name: 'p-db-1' },
  });
  let clock = 0;
  await removeNetwork(
    ctx,
    { name: 'p_default', id: '1f' },
    { removed: new Set(['c1']), budgetMs: 5000, forceAfterMs: 60_000, now: () => (clock += 700) },
  );
  assert.ok(removes() > 1, `tried ${removes()} times`);
  assert.equal(events.at(-1)?.text, 'Resource is still in use');
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0],
    /^network p_default was not removed: the engine still counted the endpoints of removed containers p-web-1, p-db-1 on it 5 s after their containers were removed \(.*active endpoints\); run down again to remove it$/,
  );
});

test('removeNetwork force-disconnects endpoints that outlive their removed containers', async () => {
  const { ctx, events, warnings, disconnected } = context(
    { c1: { Name: 'p-web-1' }, 'ep-9a': { Name: 'p-db-1' } },
    true,
  );
  let clock = 0;
  await removeNetwork(
    ctx,
    { name: 'p_default', id: '1f' },
    { removed: new Set(['c1']), budgetMs: 60_000, forceAfterMs: 3000, now: () => (clock += 700) },
  );
  assert.deepEqual(disconnected.sort(), ['p-db-1', 'p-web-1']);
  assert.equal(events.at(-1)?.text, 'Removed');
  assert.deepEqual(warnings, []);
});
