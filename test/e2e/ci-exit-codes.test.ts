// The exit-code truth table of README "flotilla in CI/CD", one test per row: `up --wait`,
// `--exit-code-from`, `--abort-on-container-exit` and `run`, one-shot services included.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runFlotilla } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('ci-exit');
const dir = join(import.meta.dirname, 'testdata/ci-exit-codes');

before(() => {
  ensureBuilt();
});

after(async () => {
  await scope.cleanup();
});

/** One row: the arguments after `-p NAME`, the variables, and the exit status expected. */
interface Row {
  readonly name: string;
  readonly args: readonly string[];
  readonly vars?: Record<string, string>;
  readonly status: number;
  /** Text stderr must contain (the diagnosis of a failure). */
  readonly says?: RegExp;
}

const ROWS: readonly Row[] = [
  {
    name: 'up --wait: every service running and healthy',
    args: ['up', '--wait', 'server'],
    status: 0,
  },
  {
    name: 'up --wait: a one-shot service (restart "no") that exits 0',
    args: ['up', '--wait', 'server', 'oneshot'],
    status: 0,
  },
  {
    name: 'up --wait: a job exiting 0 that another service needs completed successfully',
    args: ['up', '--wait', 'needsjob'],
    status: 0,
  },
  {
    name: 'up --wait: an unhealthy service',
    args: ['up', '--wait', 'server'],
    vars: { SERVER_HEALTH: '1' },
    status: 1,
    says: /service "server": unhealthy/,
  },
  {
    name: 'up --wait: a service_completed_successfully dependency that exits 1',
    args: ['up', '--wait', 'needsjob'],
    vars: { JOB_EXIT: '1' },
    status: 1,
    says: /service "needsjob": dependency "job" did not meet condition service_completed_successfully/,
  },
  {
    name: 'up --wait --wait-timeout: not healthy in time',
    args: ['up', '--wait', '--wait-timeout', '2', 'slow'],
    status: 1,
    says: /service "slow": not running and healthy when the wait timed out/,
  },
  {
    name: '--exit-code-from: the named service exits 5, the others are stopped',
    args: ['up', '--exit-code-from', 'oneshot', 'server', 'oneshot'],
    vars: { ONESHOT_EXIT: '5' },
    status: 5,
    says: /service "oneshot": exited with code 5/,
  },
  {
    name: '--exit-code-from: the named service exits 0',
    args: ['up', '--exit-code-from', 'oneshot', 'server', 'oneshot'],
    status: 0,
  },
  {
    name: '--abort-on-container-exit: the first container to exit exits 6',
    args: ['up', '--abort-on-container-exit', 'server', 'oneshot'],
    vars: { ONESHOT_EXIT: '6' },
    status: 6,
    says: /service "oneshot": exited with code 6/,
  },
  {
    name: '--abort-on-container-exit: the first container to exit exits 0',
    args: ['up', '--abort-on-container-exit', 'server', 'oneshot'],
    status: 0,
  },
  {
    name: 'run: the command exits 7',
    args: ['run', '--rm', 'oneshot', 'sh', '-c', 'exit 7'],
    status: 7,
    says: /service "oneshot": exited with code 7/,
  },
  { name: 'run: the command exits 0', args: ['run', '--rm', 'oneshot', 'true'], status: 0 },
  {
    name: 'run: a dependency fails its condition, the command never runs',
    args: ['run', '--rm', 'needsjob', 'echo', 'never-printed'],
    vars: { JOB_EXIT: '1' },
    status: 1,
    says: /service "job": exited with code 1/,
  },
];

// The rows are independent projects: a few at a time keep the file within its time limit.
describe('the exit-code truth table', { concurrency: 3 }, () => {
  for (const [i, row] of ROWS.entries()) {
    test(`exit status ${row.status} — ${row.name}`, async () => {
      const project = scope.name(`row${i}`);
      const env = {
        ...process.env,
        ...row.vars,
        E2E_SCOPE: scope.prefix,
        COMPOSE_PROGRESS: 'plain',
        FLOTILLA_REPORT: '',
        GITHUB_ACTIONS: '',
      };
      try {
        const r = await runFlotilla(['-p', project, ...row.args], { cwd: dir, env });
        assert.equal(r.code, row.status, `${r.stdout}\n${r.stderr}`);
        if (row.says !== undefined) assert.match(r.stderr, row.says);
        if (row.status === 0) assert.doesNotMatch(r.stderr, /^service "/m);
        assert.doesNotMatch(r.stdout, /never-printed/);
      } finally {
        await runFlotilla(['-p', project, 'down', '-t', '0'], { cwd: dir, env });
      }
    });
  }
});
