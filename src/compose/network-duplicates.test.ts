// Networks of one name: every run picks the same one, the run that made an extra one removes it,
// and containers name their networks by ID.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineClient, NetworkInspect } from '../engine/index.js';
import type { ContainerCreatePlan } from './container-config.js';
import type { ComposeContext } from './context.js';
import {
  createdKey,
  pickNetwork,
  pinNetworks,
  settleCreatedNetwork,
  settledNetwork,
} from './network-duplicates.js';

const net = (Id: string, Created: string) => ({ Id, Created, Name: 'p_default' }) as NetworkInspect;

test('createdKey orders the engine times whose trailing zeros are trimmed', () => {
  assert.ok(
    createdKey('2024-05-01T10:00:00.1234567Z') < createdKey('2024-05-01T10:00:00.12345678Z'),
  );
  assert.ok(createdKey('2024-05-01T10:00:00.5Z') > createdKey('2024-05-01T10:00:00.123456789Z'));
  assert.ok(createdKey('2024-05-01T10:00:00Z') < createdKey('2024-05-01T10:00:00.000000001Z'));
  assert.ok(createdKey('2024-05-01T12:00:00.1+02:00') < createdKey('2024-05-01T10:00:00.2Z'));
});

test('pickNetwork picks the oldest, then the lowest ID, whatever the order listed', () => {
  const a = net('bbb', '2024-05-01T10:00:00.2Z');
  const b = net('aaa', '2024-05-01T10:00:00.3Z');
  const c = net('ccc', '2024-05-01T10:00:00.2Z');
  assert.equal(pickNetwork([b, c, a])?.Id, 'bbb');
  assert.equal(pickNetwork([c, a, b])?.Id, 'bbb');
  assert.equal(pickNetwork([] as NetworkInspect[])?.Id, undefined);
});

/** An engine listing `listed`, whose create events come in `completed` order. */
function context(
  listed: NetworkInspect[],
  completed: string[],
): { ctx: ComposeContext; removed: string[] } {
  const removed: string[] = [];
  const engine = {
    info: () => Promise.resolve({ SystemTime: '2024-05-01T10:00:05.123456789Z' }),
    events: () =>
      Promise.resolve(
        completed.map((id, i) => ({
          Type: 'network',
          Action: 'create',
          Actor: { ID: id, Attributes: { name: 'p_default' } },
          time: 1714557601,
          timeNano: 1714557601_000_000_000 + i,
        })),
      ),
    networks: {
      list: () =>
        Promise.resolve([...listed, { ...listed[0], Name: 'p_default_other', Id: 'zzz' }]),
      remove: (id: string) => {
        removed.push(id);
        return Promise.resolve();
      },
    },
  } as unknown as EngineClient;
  const ctx = { engine, warn: () => undefined } as unknown as ComposeContext;
  return { ctx, removed };
}

test('settleCreatedNetwork removes the network this run made when another completed first', async () => {
  // Stamped first but completed second: the engine's events, not Created, give the order.
  const { ctx, removed } = context(
    [net('mine', '2024-05-01T10:00:00.2Z'), net('theirs', '2024-05-01T10:00:00.3Z')],
    ['theirs', 'mine'],
  );
  assert.equal(await settleCreatedNetwork(ctx, 'p_default', 'mine', undefined), 'theirs');
  assert.deepEqual(removed, ['mine']);
});

test('settleCreatedNetwork keeps the network this run made when it completed first', async () => {
  const { ctx, removed } = context(
    [net('theirs', '2024-05-01T10:00:00.2Z'), net('mine', '2024-05-01T10:00:00.3Z')],
    ['mine', 'theirs'],
  );
  assert.equal(await settleCreatedNetwork(ctx, 'p_default', 'mine', undefined), 'mine');
  assert.deepEqual(removed, []);
});

test('settleCreatedNetwork yields to a same-named network that existed before', async () => {
  const { ctx, removed } = context(
    [net('old', '2024-05-01T09:00:00Z'), net('mine', '2024-05-01T10:00:00.3Z')],
    ['mine'],
  );
  assert.equal(await settleCreatedNetwork(ctx, 'p_default', 'mine', undefined), 'old');
  assert.deepEqual(removed, ['mine']);
});

test('a run that made no network uses the one the creating runs settle on, not the oldest stamp', async () => {
  // Stamped first but completed second: its creator removes it, so a run that found both (or
  // whose own creation the engine refused) must not pick it.
  const listed = [net('early', '2024-05-01T10:00:00.2Z'), net('first', '2024-05-01T10:00:00.3Z')];
  const { ctx, removed } = context(listed, ['first', 'early']);
  assert.equal((await settledNetwork(ctx, 'p_default', listed, undefined))?.Id, 'first');
  assert.equal((await settledNetwork(ctx, 'p_default', [listed[0]], undefined))?.Id, 'early');
  assert.equal(
    (await settledNetwork(ctx, 'p_default', [] as NetworkInspect[], undefined))?.Id,
    undefined,
  );
  assert.deepEqual(removed, []);
});

test('pinNetworks gives every endpoint its network ID and connects by ID', () => {
  const plan: ContainerCreatePlan = {
    body: {
      Image: 'busybox',
      HostConfig: { NetworkMode: 'p_default' },
      NetworkingConfig: { EndpointsConfig: { p_default: { Aliases: ['web'] } } },
    },
    connect: [
      { network: 'p_back', endpoint: { Aliases: ['web'] } },
      { network: 'ext', endpoint: {} },
    ],
  };
  const pinned = pinNetworks(
    plan,
    new Map([
      ['p_default', 'id1'],
      ['p_back', 'id2'],
    ]),
  );
  assert.deepEqual(pinned.body.NetworkingConfig?.EndpointsConfig, {
    p_default: { Aliases: ['web'], NetworkID: 'id1' },
  });
  assert.equal(pinned.body.HostConfig?.NetworkMode, 'p_default');
  assert.deepEqual(pinned.connect, [
    { network: 'id2', endpoint: { Aliases: ['web'], NetworkID: 'id2' } },
    { network: 'ext', endpoint: {} },
  ]);
  // The plan given is left as it was.
  assert.deepEqual(plan.body.NetworkingConfig?.EndpointsConfig, {
    p_default: { Aliases: ['web'] },
  });
});
