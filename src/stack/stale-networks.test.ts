import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComposeContext } from '../compose/context.js';
import type { NetworkCreateBody, ServiceSpec } from '../engine/index.js';
import { networkRenewal, staleNetworkId } from './stale-networks.js';

const spec = (name: string, ...targets: string[]): ServiceSpec => ({
  Name: name,
  TaskTemplate: { Networks: targets.map((Target) => ({ Target })) },
});

test('a stale stack network is created once again and every planned spec follows it', async () => {
  const created: string[] = [];
  const ctx = {
    engine: {
      networks: {
        create: (body: NetworkCreateBody) => {
          created.push(body.Name);
          return Promise.resolve({ Id: 'fresh', Warning: '' });
        },
      },
    },
    events: () => undefined,
  } as unknown as ComposeContext;
  const ids = new Map([
    ['shop_default', 'stale'],
    ['shop_back', 'b1'],
  ]);
  const web = spec('shop_web', 'stale');
  const db = spec('shop_db', 'stale', 'b1');
  const renew = networkRenewal(
    ctx,
    {
      create: new Map([
        ['shop_default', { Name: 'shop_default', Driver: 'overlay' }],
        ['shop_back', { Name: 'shop_back', Driver: 'overlay' }],
      ]),
      external: [],
    },
    ids,
    [web, db],
    undefined,
  );
  const [a, b] = await Promise.all([renew('stale'), renew('stale')]);
  assert.equal(a, 'fresh');
  assert.equal(b, 'fresh');
  assert.deepEqual(created, ['shop_default'], 'created once for both services');
  assert.equal(ids.get('shop_default'), 'fresh');
  assert.deepEqual(
    db.TaskTemplate.Networks?.map((n) => n.Target),
    ['fresh', 'b1'],
  );
  assert.deepEqual(
    web.TaskTemplate.Networks?.map((n) => n.Target),
    ['fresh'],
  );
  assert.equal(await renew('not-ours'), undefined);
});

test('staleNetworkId reads the swarm refusal for a network the spec joins, and nothing else', () => {
  const s = spec('shop_web', 'xromlo2f28bq4znecfrhe5h61');
  const refusal = new Error('network xromlo2f28bq4znecfrhe5h61 not found');
  assert.equal(staleNetworkId(refusal, s), 'xromlo2f28bq4znecfrhe5h61');
  assert.equal(staleNetworkId(new Error('network other not found'), s), undefined);
  assert.equal(staleNetworkId(new Error('no such image'), s), undefined);
});
