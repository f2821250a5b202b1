// up's recreation against a fake engine: however many services are recreated at once, at most
// STOP_WAVE old containers are between their stop and their removal (Engine 20.10 loses count of
// a network's endpoints when many are released at the same moment; see stop-waves.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineClient } from '../engine/index.js';
import { composeContext } from './context.js';
import { converge } from './convergence.js';
import { testProject } from './project.fixture.js';
import { releaseCounter, runningContainers, serviceNames } from './release-counter.fixture.js';
import { STOP_WAVE } from './stop-waves.js';

test('up --force-recreate of many services releases at most STOP_WAVE old containers at once', async () => {
  const names = serviceNames(40);
  const services = names.map((name) => ({
    name,
    image: 'busybox',
    command: null,
    entrypoint: null,
    networks: { default: null },
  }));
  const observed = runningContainers(names, 'old');
  const counter = releaseCounter();
  const renamed: string[] = [];
  let created = 0;
  const engine = {
    apiVersion: '1.41',
    supports: () => true,
    containers: {
      create: () => Promise.resolve({ Id: `new${created++}` }),
      stop: counter.stop,
      remove: counter.remove,
      rename: (_id: string, name: string) => {
        renamed.push(name);
        return Promise.resolve();
      },
    },
    networks: { connect: () => Promise.resolve() },
  } as unknown as EngineClient;
  const ctx = composeContext({ engine, composeVersion: 'test' });
  await converge(ctx, testProject(services), names, observed, {
    recreate: 'force',
    recreateDependencies: 'force',
    targets: new Set(),
    timeout: 0,
    imageIds: new Map(),
    networks: new Map([['default', { id: 'n0', name: 'demo_default' }]]) as unknown as Parameters<
      typeof converge
    >[4]['networks'],
  });
  assert.equal(counter.removed.length, 40);
  assert.equal(renamed.length, 40);
  assert.equal(counter.most(), STOP_WAVE);
});
