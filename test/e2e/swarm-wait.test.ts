// --wait on the swarm: services are created in depends_on order, each after its dependencies
// are healthy or completed (Swarm itself has no such ordering); an update Swarm rolls back is
// reported as a failure with the reason.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../src/api/report.js';
import { ensureBuilt } from './support/cli.js';
import { flotillaOnSwarm, swarmScope } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-wait');
const swarm = swarmScope('wait');

before(() => {
  ensureBuilt();
});

test('depends_on: each service is created once its dependencies are healthy or completed', async () => {
  const stack = swarm.stack('order');
  const r = await flotillaOnSwarm(
    ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', stack],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const service = async (name: string): Promise<{ created: number; id: string }> => {
    const s = await swarm.manager.services.inspect(`${stack}_${name}`);
    return { created: Date.parse(s.CreatedAt), id: s.ID };
  };
  const [db, migrate, web] = await Promise.all([service('db'), service('migrate'), service('web')]);
  const [dbTask] = await swarm.manager.tasks.list({
    filters: { service: [db.id], 'desired-state': ['running'] },
  });
  const jobTasks = await swarm.manager.tasks.list({ filters: { service: [migrate.id] } });
  assert.equal(dbTask.Status.State, 'running');
  // A task with a health check is reported running once healthy: its state's time is then.
  const dbHealthy = Date.parse(dbTask.Status.Timestamp);
  assert.ok(
    migrate.created >= dbHealthy,
    `migrate created ${migrate.created} before db healthy ${dbHealthy}`,
  );
  assert.ok(jobTasks.length >= 1 && jobTasks.every((t) => t.Status.State === 'complete'));
  const migrated = Math.max(...jobTasks.map((t) => Date.parse(t.Status.Timestamp)));
  assert.ok(
    web.created >= migrated,
    `web created ${web.created} before migrate completed ${migrated}`,
  );
  assert.ok(migrate.created - db.created >= 3000, 'db takes 4 s to get healthy');
});

test('an update that Swarm rolls back fails --wait, saying so', async () => {
  const stack = swarm.stack('rollback');
  const deploy = (env: Record<string, string>): ReturnType<typeof flotillaOnSwarm> =>
    flotillaOnSwarm(
      [
        'stack',
        'deploy',
        '-c',
        'rollback.yaml',
        '--wait',
        '--wait-timeout',
        '150',
        '--resolve-image',
        'never',
        stack,
      ],
      dir,
      env,
    );
  const first = await deploy({});
  assert.equal(first.code, 0, first.stderr);
  const reportFile = join(mkdtempSync(join(tmpdir(), 'flotilla-e2e-')), 'report.json');
  const broken = await deploy({ BREAK: '1', FLOTILLA_REPORT: reportFile });
  assert.equal(broken.code, 1, broken.stderr);
  assert.match(
    broken.stderr,
    new RegExp(`service ${stack}_flaky the update failed and Swarm rolled it back`),
  );
  // The diagnosis: the reason, the failed task with its exit code, its last log lines.
  assert.match(broken.stderr, /service "flaky": the update failed and Swarm rolled it back/);
  assert.match(broken.stderr, new RegExp(`container ${stack}_flaky\\.1: failed, exit code 3`));
  assert.match(broken.stderr, /last \d+ log lines?:\n {6}release is broken\n/);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport;
  assert.equal(report.command, 'stack deploy');
  assert.equal(report.exitStatus, 1);
  const [flaky] = report.services;
  assert.equal(flaky.name, 'flaky');
  assert.equal(flaky.failure?.kind, 'swarm');
  const failed = flaky.containers.find((c) => c.state === 'failed');
  assert.ok(failed !== undefined, JSON.stringify(flaky.containers));
  assert.equal(failed.exitCode, 3);
  assert.deepEqual(failed.logTail, ['release is broken']);
  assert.deepEqual((flaky.config as { environment: Record<string, string> }).environment, {
    BREAK: '[redacted]',
  });
  const s = await swarm.manager.services.inspect(`${stack}_flaky`);
  assert.equal(s.UpdateStatus?.State, 'rollback_completed');
  assert.ok(
    s.Spec.TaskTemplate.ContainerSpec?.Env?.includes('BREAK='),
    'the spec is the one before the update',
  );
});
