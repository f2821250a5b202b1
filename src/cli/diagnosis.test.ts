import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunReport } from '../api/report.js';
import { formatDiagnosis } from './diagnosis.js';

const report: RunReport = {
  schemaVersion: 1,
  project: 'p',
  command: 'up',
  exitStatus: 1,
  time: '2026-01-01T00:00:00.000Z',
  services: [
    {
      name: 'db',
      failure: { kind: 'unhealthy' },
      reason: 'unhealthy: its health check failed',
      config: {},
      containers: [
        {
          id: 'a'.repeat(64),
          name: 'p-db-1',
          state: 'running',
          exitCode: 0,
          oomKilled: false,
          restartCount: 2,
          health: {
            status: 'unhealthy',
            failingStreak: 4,
            log: [1, 2, 3, 4].map((n) => ({
              start: `t${n}`,
              end: `e${n}`,
              exitCode: 1,
              output: `probe ${n}\nfailed`,
            })),
          },
          logTail: ['starting db', 'ready?'],
        },
      ],
    },
    { name: 'web', config: {}, containers: [] },
  ],
};

test('formatDiagnosis names the failed service, its reason, last probes and log lines', () => {
  const text = formatDiagnosis(report);
  assert.match(text, /^service "db": unhealthy: its health check failed\n/);
  assert.match(text, /container p-db-1: running, exit code 0, health unhealthy, restarted 2 times/);
  assert.match(text, /e4 exit 1: probe 4 \| failed/);
  assert.ok(!text.includes('e1 exit'), 'only the last three probes');
  assert.match(text, /last 2 log lines:\n {6}starting db\n {6}ready\?\n/);
  assert.ok(!text.includes('"web"'), 'a service that did not fail is not diagnosed');
});

test('formatDiagnosis wraps each service in a GitHub Actions group', () => {
  const text = formatDiagnosis(report, true);
  assert.match(text, /^::group::service "db": unhealthy: its health check failed\n/);
  assert.match(text, /::endgroup::\n$/);
});

test('formatDiagnosis is empty when nothing failed', () => {
  assert.equal(formatDiagnosis({ ...report, services: [report.services[1]] }), '');
});
