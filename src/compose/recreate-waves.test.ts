// up's recreation against a fake engine: however many services are recreated at once, at most
// STOP_WAVE old containers are between their stop and their removal (Engine 20.10 loses count of
// a network's endpoints when many are released at the same moment; see stop-waves.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineClient } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { converge } from './convergence.js';
import { testProject } from './project.fixture.js';
import { STOP_WAVE } from './stop-waves.js';

test('up --force-recreate of many services releases at most STOP_WAVE old containers at once', async () => {
  const names = Array.from({ length: 40 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
  const services = names.map((name) => ({
    name,
    image: 'busybox',
    command: null,
    entrypoint: null,
    networks: { default: null },
  }));
  const observed = names.map((service, i) => ({
    Id: `old${i}`,
    Names: [`/demo-${service}-1`],
    Image: 'busybox',
    State: 'running',
    Labels: {
      'com.docker.compose.project': 'demo',
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
    },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  }));
  let releasing = 0;
  let most = 0;
  const removed: string[] = [];
  const renamed: string[] = [];
  let created = 0;
  const tick = () => new Promise((done) => setTimeout(done, 1));
  const engine = {
    apiVersion: '1.41',
    supports: () => true,
    containers: {
      create: () => Promise.resolve({ Id: `new${created++}` }),
      stop: async () => {
        releasing++;
        most = Math.max(most, releasing);
        await tick();
      },
      remove: async (id: string) => {
        await tick();
        removed.push(id);
        releasing--;
      },
      rename: (_id: string, name: string) => {
        renamed.push(name);
        return Promise.resolve();
      },
    },
    networks: { connect: () => Promise.resolve() },
  } as unknown as EngineClient;
  const ctx: ComposeContext = {
    engine,
    events: () => undefined,
    parallel: -1,
    compatibility: false,
    composeVersion: 'test',
    warn: () => undefined,
  };
  await converge(
    ctx,
    testProject(services),
    names,
    observed as unknown as Parameters<typeof converge>[3],
    {
      recreate: 'force',
      recreateDependencies: 'force',
      targets: new Set(),
      timeout: 0,
      imageIds: new Map(),
      networks: new Map([['default', { id: 'n0', name: 'demo_default' }]]) as unknown as Parameters<
        typeof converge
      >[4]['networks'],
    },
  );
  assert.equal(removed.length, 40);
  assert.equal(renamed.length, 40);
  assert.equal(most, STOP_WAVE);
});
