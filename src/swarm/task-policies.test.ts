import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeployConfig } from '../model/deploy.js';
import { Issues, SpecError } from './issues.js';
import {
  healthcheck,
  logDriver,
  placement,
  restartPolicy,
  serviceMode,
  serviceResources,
  updateConfig,
} from './task-policies.js';
import { testService } from './stack.fixture.js';

function deploy(extra: Partial<DeployConfig>): DeployConfig {
  return { resources: {}, placement: {}, ...extra };
}

function kinds(issues: Issues): string[] {
  return issues.list.map((i) => `${i.kind} ${i.path.join('.')}`);
}

test('serviceMode: jobs with and without replicas, global, the default of one replica', () => {
  const mode = (d: Partial<DeployConfig>, api = '1.41') =>
    serviceMode(testService('s', { deploy: deploy(d) }), api);
  assert.deepEqual(serviceMode(testService('s'), '1.41'), { Replicated: { Replicas: 1 } });
  assert.deepEqual(mode({ mode: 'replicated-job' }), { ReplicatedJob: {} });
  assert.deepEqual(mode({ mode: 'replicated-job', replicas: 3 }), {
    ReplicatedJob: { MaxConcurrent: 3, TotalCompletions: 3 },
  });
  assert.deepEqual(mode({ mode: 'global-job' }), { GlobalJob: {} });
  assert.deepEqual(mode({ mode: 'global' }), { Global: {} });
  assert.deepEqual(mode({ replicas: 0 }), { Replicated: { Replicas: 0 } });
});

test('serviceMode refuses jobs before API 1.41, replicas of a global job and an unknown mode', () => {
  const mode =
    (d: Partial<DeployConfig>, api = '1.41') =>
    () =>
      serviceMode(testService('s', { deploy: deploy(d) }), api);
  assert.throws(
    mode({ mode: 'global-job' }, '1.40'),
    (e: unknown) =>
      e instanceof SpecError &&
      e.path.join('.') === 'services.s.deploy.mode' &&
      /mode global-job needs Engine API 1\.41; this engine speaks 1\.40/.test(e.message),
  );
  assert.throws(mode({ mode: 'replicated-job' }, '1.40'), SpecError);
  assert.throws(
    mode({ mode: 'global-job', replicas: 2 }),
    (e: unknown) => e instanceof SpecError && e.path.join('.') === 'services.s.deploy.replicas',
  );
  assert.throws(mode({ mode: 'daemonset' }), /unknown deploy\.mode "daemonset"/);
});

test('serviceResources: reservations from mem_reservation, deploy values win over service-level ones', () => {
  const s = testService('s', {
    cpus: 2,
    memLimit: 1000,
    memReservation: 500,
    pidsLimit: 9,
    deploy: deploy({
      resources: { limits: { cpus: 0.5, pids: 20 }, reservations: { memory: 300 } },
    }),
  });
  const issues = new Issues();
  assert.deepEqual(serviceResources(s, '1.41', issues), {
    Limits: { NanoCPUs: 5e8, MemoryBytes: 1000, Pids: 20 },
    Reservations: { MemoryBytes: 300 },
  });
  const only = testService('o', { memReservation: 500 });
  assert.deepEqual(serviceResources(only, '1.41', issues), {
    Reservations: { MemoryBytes: 500 },
  });
  assert.deepEqual(issues.list, []);
  // A pids limit of 0 (or -1, unlimited) sets no limit.
  assert.deepEqual(serviceResources(testService('z', { pidsLimit: -1 }), '1.41', issues), {});
});

test('serviceResources gates pids (1.41) and swap (1.52) and warns for devices', () => {
  const s = testService('s', {
    memSwapLimit: 2048,
    memSwappiness: 10,
    deploy: deploy({
      resources: {
        limits: { pids: 5, devices: [{ capabilities: ['gpu'] }] },
        reservations: { devices: [{ capabilities: ['gpu'] }] },
      },
    }),
  });
  const old = new Issues();
  assert.deepEqual(serviceResources(s, '1.40', old), {});
  assert.deepEqual(kinds(old), [
    'api-version services.s.deploy.resources.limits.pids',
    'unsupported services.s.deploy.resources.limits.devices',
    'unsupported services.s.deploy.resources.reservations.devices',
    'api-version services.s.memswap_limit',
  ]);
  const recent = new Issues();
  assert.deepEqual(serviceResources(s, '1.52', recent), {
    Limits: { Pids: 5 },
    SwapBytes: 2048,
    MemorySwappiness: 10,
  });
  assert.equal(recent.list.filter((i) => i.kind === 'api-version').length, 0);
});

test('restartPolicy: deploy.restart_policy wins over restart; window and defaults', () => {
  const issues = new Issues();
  const both = testService('s', {
    restart: 'no',
    deploy: deploy({ restartPolicy: { window: 3e9 } }),
  });
  assert.deepEqual(restartPolicy(both, issues), { Condition: 'any', Window: 3e9 });
  assert.deepEqual(restartPolicy(testService('f', { restart: 'on-failure' }), issues), {
    Condition: 'on-failure',
  });
  assert.equal(restartPolicy(testService('n'), issues), null);
  assert.deepEqual(issues.list, []);
  assert.equal(restartPolicy(testService('b', { restart: 'sometimes' }), issues), null);
  assert.deepEqual(kinds(issues), ['unsupported services.b.restart']);
});

test('updateConfig carries every field; parallelism defaults to 1', () => {
  assert.equal(updateConfig(undefined), null);
  assert.deepEqual(updateConfig({}), { Parallelism: 1 });
  assert.deepEqual(
    updateConfig({
      parallelism: 0,
      delay: 1e9,
      failureAction: 'continue',
      monitor: 2e9,
      maxFailureRatio: 0.25,
      order: 'start-first',
    }),
    {
      Parallelism: 0,
      Delay: 1e9,
      FailureAction: 'continue',
      Monitor: 2e9,
      MaxFailureRatio: 0.25,
      Order: 'start-first',
    },
  );
});

test('placement: max_replicas_per_node needs API 1.40; platform without architecture', () => {
  const s = testService('s', {
    platform: 'linux',
    deploy: deploy({ placement: { maxReplicasPerNode: 2, preferences: [{ spread: '' }] } }),
  });
  const issues = new Issues();
  assert.deepEqual(placement(s, '1.39', issues), { Platforms: [{ OS: 'linux' }] });
  assert.deepEqual(kinds(issues), [
    'api-version services.s.deploy.placement.max_replicas_per_node',
  ]);
  assert.deepEqual(placement(s, '1.40', new Issues()), {
    MaxReplicas: 2,
    Platforms: [{ OS: 'linux' }],
  });
});

test('healthcheck: disable is the NONE test; unset is none; start_interval from API 1.44', () => {
  const issues = new Issues();
  const off = testService('s', { healthcheck: { disable: true, test: ['CMD', 'true'] } });
  assert.deepEqual(healthcheck(off, '1.41', issues), { Test: ['NONE'] });
  assert.equal(healthcheck(testService('n'), '1.41', issues), null);
  const s = testService('h', {
    healthcheck: {
      test: ['CMD-SHELL', 'true'],
      timeout: 1e9,
      startPeriod: 2e9,
      startInterval: 5e8,
    },
  });
  assert.deepEqual(healthcheck(s, '1.44', issues), {
    Test: ['CMD-SHELL', 'true'],
    Timeout: 1e9,
    StartPeriod: 2e9,
    StartInterval: 5e8,
  });
  assert.deepEqual(issues.list, []);
});

test('logDriver: logging, or the legacy log_driver and log_opt', () => {
  assert.equal(logDriver(testService('n')), null);
  assert.deepEqual(logDriver(testService('l', { logging: { driver: 'syslog' } })), {
    Name: 'syslog',
  });
  assert.deepEqual(
    logDriver(testService('o', { logDriver: 'json-file', logOpt: { 'max-size': '1m' } })),
    { Name: 'json-file', Options: { 'max-size': '1m' } },
  );
  // Options alone keep the node's default driver, with those options.
  assert.deepEqual(logDriver(testService('x', { logging: { options: { tag: 't' } } })), {
    Name: '',
    Options: { tag: 't' },
  });
});
