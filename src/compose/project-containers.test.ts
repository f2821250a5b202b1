import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerSummary, EngineClient } from '../engine/index.js';
import { listProjectContainers, orphanContainers, replicaNumber } from './project-containers.js';

function container(name: string, labels: Record<string, string>): ContainerSummary {
  return {
    Id: `${name}-id`,
    Names: [`/${name}`],
    Image: 'busybox',
    ImageID: 'sha256:x',
    Command: 'sh',
    Created: 0,
    Ports: [],
    Labels: labels,
    State: 'running',
    Status: 'Up',
    HostConfig: { NetworkMode: 'bridge' },
    NetworkSettings: { Networks: {} },
    Mounts: [],
  };
}

function fakeEngine(list: ContainerSummary[], seen: unknown[]): EngineClient {
  return {
    containers: {
      list: (options: unknown) => {
        seen.push(options);
        return Promise.resolve(list);
      },
    },
  } as unknown as EngineClient;
}

const labels = (service: string, n?: number): Record<string, string> => ({
  'com.docker.compose.project': 'p',
  'com.docker.compose.service': service,
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.config-hash': 'h',
  ...(n === undefined ? {} : { 'com.docker.compose.container-number': String(n) }),
});

test('listProjectContainers filters by project, hash and oneoff and sorts by service and number', async () => {
  const seen: unknown[] = [];
  const engine = fakeEngine(
    [
      container('p-web-10', labels('web', 10)),
      container('p-web-2', labels('web', 2)),
      container('p-db-1', labels('db', 1)),
    ],
    seen,
  );
  const out = await listProjectContainers(engine, 'p', { all: true });
  assert.deepEqual(
    out.map((c) => c.Names[0]),
    ['/p-db-1', '/p-web-2', '/p-web-10'],
  );
  assert.deepEqual(seen[0], {
    all: true,
    filters: {
      label: [
        'com.docker.compose.project=p',
        'com.docker.compose.config-hash',
        'com.docker.compose.oneoff=False',
      ],
    },
    signal: undefined,
  });
});

test('listProjectContainers filters several services locally and one through the engine', async () => {
  const seen: unknown[] = [];
  const list = [
    container('p-web-1', labels('web', 1)),
    container('p-db-1', labels('db', 1)),
    container('p-x-1', labels('x', 1)),
  ];
  const out = await listProjectContainers(fakeEngine(list, seen), 'p', { services: ['web', 'db'] });
  assert.deepEqual(
    out.map((c) => c.Names[0]),
    ['/p-db-1', '/p-web-1'],
  );
  await listProjectContainers(fakeEngine(list, seen), 'p', {
    services: ['web'],
    oneoff: 'include',
  });
  assert.deepEqual((seen[1] as { filters: { label: string[] } }).filters.label, [
    'com.docker.compose.project=p',
    'com.docker.compose.config-hash',
    'com.docker.compose.service=web',
  ]);
});

test('replicaNumber falls back to the name and orphanContainers skips declared services', () => {
  const noLabel = container('p-web-3', labels('web'));
  assert.equal(replicaNumber(noLabel), 3);
  const orphans = orphanContainers(
    [container('p-web-1', labels('web', 1)), container('p-old-1', labels('old', 1))],
    ['web'],
  );
  assert.deepEqual(
    orphans.map((c) => c.Names[0]),
    ['/p-old-1'],
  );
});
