// `logs -f` against the real engine, through the CLI: it keeps following while the project
// changes under it, picking up a replica added by `up -d --scale` and a stopped service brought
// back by `start`, as docker compose does; Ctrl-C ends it with 130; and it ends by itself, with
// status 0, once no followed container runs any more.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';

const scope = engineScope('logsf');
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/logs-follow');
const env = { ...process.env, E2E_SCOPE: scope.prefix, NO_COLOR: '1', COMPOSE_PROGRESS: 'quiet' };

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
}

after(() => {
  spawnSync(process.execPath, [bin, '-p', project, 'down', '-t', '0'], { cwd: dir, env });
});

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

test('logs -f follows a replica added by a scale-up and a service started again', async () => {
  cli(['up', '-d']);
  cli(['stop', '-t', '0', 'worker']);

  const follower = spawn(process.execPath, [bin, '-p', project, 'logs', '-f'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  follower.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  follower.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) =>
    follower.on('close', (code) => {
      done(code);
    }),
  );
  try {
    // The dump of what exists: web-1's line and the one run of the stopped worker.
    await eventually(
      () => Promise.resolve(/^web-1 +\| web-up$/m.test(stdout) && /worker-ran/.test(stdout)),
      `the existing logs (stdout: ${stdout}, stderr: ${stderr})`,
    );
    assert.equal(count(stdout, /^worker-1 +\| worker-ran$/gm), 1, stdout);

    cli(['up', '-d', '--scale', 'web=2', 'web']);
    await eventually(
      () => Promise.resolve(/^web-2 +\| web-up$/m.test(stdout)),
      `web-2's output in logs -f (stdout: ${stdout})`,
    );

    cli(['start', 'worker']);
    await eventually(
      () => Promise.resolve(count(stdout, /^worker-1 +\| worker-ran$/gm) === 2),
      `the second run of worker in logs -f (stdout: ${stdout})`,
    );
    assert.equal(follower.exitCode, null, 'logs -f is still following');
    // web-1 was neither restarted nor printed twice.
    assert.equal(count(stdout, /^web-1 +\| web-up$/gm), 1, stdout);
  } finally {
    follower.kill('SIGINT');
  }
  assert.equal(await exited, 130, stderr);
});

test('logs -f ends with status 0 once the last followed container stops, after its last lines', async () => {
  cli(['up', '-d', 'web']);
  const follower = spawn(process.execPath, [bin, '-p', project, 'logs', '-f', 'web'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  follower.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  follower.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) =>
    follower.on('close', (code) => {
      done(code);
    }),
  );
  try {
    await eventually(
      () => Promise.resolve(/^web-1 +\| web-up$/m.test(stdout)),
      `web-1's output (stdout: ${stdout}, stderr: ${stderr})`,
    );
    assert.equal(follower.exitCode, null, 'logs -f is following a running container');
    cli(['stop', 'web']);
    assert.equal(await exited, 0, stderr);
  } finally {
    follower.kill('SIGINT');
  }
  // Every web replica said goodbye before logs -f ended.
  const replicas = count(stdout, /^web-\d +\| web-up$/gm);
  assert.ok(replicas >= 1, stdout);
  assert.equal(count(stdout, /^web-\d +\| web-bye$/gm), replicas, stdout);

  // Nothing running: logs -f prints what there is and ends.
  const idle = spawnSync(process.execPath, [bin, '-p', project, 'logs', '-f', 'web'], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  assert.equal(idle.status, 0, idle.stderr);
  assert.match(idle.stdout, /^web-1 +\| web-bye$/m);
});
