import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerInspect } from '../engine/index.js';
import { configDifferences, environmentChanges } from './config-diff.js';
import type { ContainerCreatePlan } from './container-config.js';

/** A running container as inspect reports it: only the fields the comparison reads. */
function running(overrides: {
  config?: Partial<ContainerInspect['Config']>;
  host?: Partial<ContainerInspect['HostConfig']>;
  networks?: string[];
}): ContainerInspect {
  return {
    Config: {
      Image: 'busybox:latest',
      Env: ['PATH=/bin', 'REDIS_HOST=redis'],
      Cmd: ['sleep', '1'],
      Labels: { 'com.docker.compose.config-hash': 'old', team: 'a', 'from.image': 'x' },
      ...overrides.config,
    },
    HostConfig: {
      NetworkMode: 'p_default',
      PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
      Binds: null,
      Mounts: [{ Type: 'volume', Source: 'p_data', Target: '/data' }],
      Memory: 0,
      ...overrides.host,
    },
    NetworkSettings: {
      Networks: Object.fromEntries((overrides.networks ?? ['p_default']).map((n) => [n, {}])),
    },
  } as unknown as ContainerInspect;
}

function wanted(overrides: Partial<ContainerCreatePlan['body']> = {}): ContainerCreatePlan {
  return {
    body: {
      Image: 'busybox:latest',
      Env: ['REDIS_HOST=redis'],
      Cmd: ['sleep', '1'],
      Labels: { 'com.docker.compose.config-hash': 'new', team: 'a' },
      HostConfig: {
        NetworkMode: 'p_default',
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
        Binds: null,
        Mounts: [{ Type: 'volume', Source: 'p_data', Target: '/data' }],
        Memory: 0,
      },
      NetworkingConfig: { EndpointsConfig: { p_default: {} } },
      ...overrides,
    },
    connect: [],
  };
}

const image = { Env: ['PATH=/bin'], Labels: { 'from.image': 'x' }, Cmd: ['sh'] };

test('config-diff finds nothing when only compose labels and image defaults differ', () => {
  assert.deepEqual(configDifferences(running({}), wanted(), image), []);
});

test('config-diff names environment changes without their values', () => {
  const reasons = environmentChanges(
    ['PATH=/bin', 'REDIS_HOST=redis', 'GONE=1'],
    ['REDIS_HOST=cache', 'NEW=secret'],
    ['PATH=/bin'],
  );
  assert.deepEqual(
    reasons.map((r) => r.text),
    [
      'environment.REDIS_HOST: changed (values redacted)',
      'environment.NEW: added (value redacted)',
      'environment.GONE: removed (value redacted)',
    ],
  );
  assert.ok(
    reasons.every((r) => r.redacted === true && r.old === undefined && r.new === undefined),
  );
  assert.ok(!JSON.stringify(reasons).includes('secret'));
  assert.ok(!JSON.stringify(reasons).includes('cache'));
});

test('config-diff shows ports, volumes, networks, command and labels with old and new', () => {
  const body = wanted({
    Cmd: null,
    Labels: { team: 'b' },
    HostConfig: {
      NetworkMode: 'p_default',
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '9090' }] },
      Mounts: [{ Type: 'volume', Source: 'p_other', Target: '/data', ReadOnly: true }],
      Memory: 67108864,
    },
  });
  const plan = { ...body, connect: [{ network: 'p_back', endpoint: {} }] };
  const texts = configDifferences(running({}), plan, image).map((r) => r.text);
  assert.deepEqual(texts, [
    'command: ["sleep","1"] -> ["sh"] (image default)',
    'ports: "8080:80/tcp" -> "127.0.0.1:9090:80/tcp"',
    'volumes: "p_data:/data" -> "p_other:/data:ro"',
    'networks: added "p_back"',
    'labels.team: "a" -> "b"',
    'HostConfig.Memory: "0" -> "67108864"',
  ]);
});

test('config-diff names a changed image reference and a shared network namespace', () => {
  const texts = configDifferences(
    running({ host: { NetworkMode: 'container:aaa' }, networks: [] }),
    wanted({
      Image: 'debian:12',
      HostConfig: {
        NetworkMode: 'container:bbb',
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
        Mounts: [{ Type: 'volume', Source: 'p_data', Target: '/data' }],
      },
    }),
    image,
  ).map((r) => r.text);
  assert.deepEqual(texts, [
    'image: "busybox:latest" -> "debian:12"',
    'network_mode: "container:aaa" -> "container:bbb"',
  ]);
});
