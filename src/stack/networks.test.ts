import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComposeContext } from '../compose/context.js';
import type { NetworkCreateBody, NetworkInspect } from '../engine/index.js';
import { ensureNetworks } from './networks.js';

function fakeContext(created: string[]): ComposeContext {
  return {
    engine: {
      networks: {
        create: (body: NetworkCreateBody) => {
          created.push(body.Name);
          return Promise.resolve({ Id: `new-${body.Name}`, Warning: '' });
        },
      },
    },
    events: () => undefined,
  } as unknown as ComposeContext;
}

const body = (name: string): NetworkCreateBody => ({ Name: name, Driver: 'overlay' });
const listed = (name: string, id: string, scope: string): NetworkInspect =>
  ({ Name: name, Id: id, Scope: scope }) as NetworkInspect;

test('ensureNetworks keeps the swarm networks that exist and creates the missing ones', async () => {
  const created: string[] = [];
  const ids = await ensureNetworks(
    fakeContext(created),
    {
      create: new Map([
        ['shop_front', body('shop_front')],
        ['shop_back', body('shop_back')],
      ]),
      external: [],
    },
    [listed('shop_front', 'f1', 'swarm')],
    undefined,
  );
  assert.deepEqual(created, ['shop_back']);
  assert.equal(ids.get('shop_front'), 'f1');
  assert.equal(ids.get('shop_back'), 'new-shop_back');
});

test('ensureNetworks creates again a stack network left only as a local-scope copy', async () => {
  const created: string[] = [];
  const ids = await ensureNetworks(
    fakeContext(created),
    { create: new Map([['shop_default', body('shop_default')]]), external: [] },
    [listed('shop_default', 'stale', 'local')],
    undefined,
  );
  assert.deepEqual(created, ['shop_default']);
  assert.equal(ids.get('shop_default'), 'new-shop_default');
});
