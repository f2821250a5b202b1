import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, type ContainerRunReport } from '../api/report.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { containerFailure, mask, redactService, secretValues } from './run-report.js';

function container(overrides: Partial<ContainerRunReport>): ContainerRunReport {
  return {
    id: 'a'.repeat(64),
    name: 'p-web-1',
    state: 'running',
    exitCode: 0,
    oomKilled: false,
    restartCount: 0,
    logTail: [],
    ...overrides,
  };
}

test('containerFailure reports an OOM kill before the exit code it caused', () => {
  const failure = containerFailure(
    [container({ state: 'exited', exitCode: 137, oomKilled: true })],
    false,
  );
  assert.deepEqual(failure, { kind: 'oom-killed', exitCode: 137 });
});

test('containerFailure reports unhealthy, a non-zero exit, and nothing for a clean exit', () => {
  const unhealthy = container({ health: { status: 'unhealthy', failingStreak: 3, log: [] } });
  assert.deepEqual(containerFailure([unhealthy], false), { kind: 'unhealthy' });
  assert.deepEqual(containerFailure([container({ state: 'exited', exitCode: 3 })], false), {
    kind: 'exited',
    exitCode: 3,
  });
  assert.equal(containerFailure([container({ state: 'exited', exitCode: 0 })], false), undefined);
  assert.equal(containerFailure([container({})], false), undefined);
  // A container that ended before any probe failed is judged by its exit code, not the
  // unhealthy mark the engine leaves on it; one stopped after failed probes was unhealthy.
  const health = { status: 'unhealthy', failingStreak: 0, log: [] };
  assert.deepEqual(containerFailure([container({ state: 'exited', exitCode: 4, health })], false), {
    kind: 'exited',
    exitCode: 4,
  });
  assert.equal(
    containerFailure([container({ state: 'exited', exitCode: 0, health })], false),
    undefined,
  );
  const probe = { start: '', end: '', exitCode: 1, output: 'refused' };
  const failed = { status: 'unhealthy', failingStreak: 3, log: [probe] };
  assert.deepEqual(
    containerFailure([container({ state: 'exited', exitCode: 143, health: failed })], false),
    { kind: 'unhealthy' },
  );
});

test('containerFailure calls a still-starting service not ready only after a timeout', () => {
  const starting = container({ health: { status: 'starting', failingStreak: 0, log: [] } });
  const service = { name: 'web' } as ServiceConfig;
  assert.equal(containerFailure([starting], false, service), undefined);
  assert.deepEqual(containerFailure([starting], true, service), { kind: 'not-ready' });
});

test('mask replaces every occurrence of every secret value', () => {
  assert.equal(
    mask('token=hunter22 again hunter22', ['hunter22']),
    `token=${REDACTED} again ${REDACTED}`,
  );
  assert.equal(mask('nothing here', ['hunter22']), 'nothing here');
});

test('secretValues holds secret contents and environment values, longest first, not short ones', () => {
  const project = {
    environment: { TOKEN: 'from-the-environment' },
    secrets: { token: { name: 'token', environment: 'TOKEN' } },
    services: {
      web: { name: 'web', environment: { PASSWORD: 'pass-word', DEBUG: '1', EMPTY: null } },
    },
  } as unknown as Project;
  assert.deepEqual(secretValues(project), ['from-the-environment', 'pass-word']);
});

test('redactService keeps the keys of environment and build args, never their values', () => {
  const service = {
    name: 'web',
    image: 'busybox',
    environment: { PASSWORD: 'pass-word', UNSET: null },
    build: { context: '.', args: { NPM_TOKEN: 'npm-secret' } },
  } as unknown as ServiceConfig;
  const redacted = redactService(service) as Record<string, unknown>;
  assert.deepEqual(redacted.environment, { PASSWORD: REDACTED, UNSET: null });
  assert.deepEqual((redacted.build as Record<string, unknown>).args, { NPM_TOKEN: REDACTED });
  assert.equal(redacted.image, 'busybox');
  assert.ok(!JSON.stringify(redacted).includes('secret'));
  assert.ok(!JSON.stringify(redacted).includes('pass-word'));
});
