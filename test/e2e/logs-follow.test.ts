// `logs -f` against the real engine, through the CLI: it keeps following while the project
// changes under it, picking up a replica added by `up -d --scale` and a stopped service brought
// back by `start`, as docker compose does; Ctrl-C ends it with 130; and it ends by itself, with
// status 0, once no followed container runs any more.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { scaled } from './support/timing.js';

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
    timeout: scaled(120_000),
  });
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
}

after(() => {
  spawnSync(process.execPath, [bin, '-p', project, 'down', '-t', '0'], { cwd: dir, env });
});

/** `flotilla -p <project> ARGS` running in the background, its output collected as it comes. */
function follow(args: readonly string[]) {
  const child = spawn(process.execPath, [bin, '-p', project, ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((done) =>
    child.on('close', (code) => {
      done(code);
    }),
  );
  return { child, out, exited };
}

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

test('logs -f follows a replica added by a scale-up and a service started again', async () => {
  cli(['up', '-d']);
  cli(['stop', '-t', '0', 'worker']);

  const { child: follower, out, exited } = follow(['logs', '-f']);
  try {
    // The dump of what exists: web-1's line and the one run of the stopped worker.
    await eventually(
      () =>
        Promise.resolve(/^web-1 +\| web-up$/m.test(out.stdout) && /worker-ran/.test(out.stdout)),
      `the existing logs (stdout: ${out.stdout}, stderr: ${out.stderr})`,
    );
    assert.equal(count(out.stdout, /^worker-1 +\| worker-ran$/gm), 1, out.stdout);

    cli(['up', '-d', '--scale', 'web=2', 'web']);
    await eventually(
      () => Promise.resolve(/^web-2 +\| web-up$/m.test(out.stdout)),
      `web-2's output in logs -f (exit ${follower.exitCode}; stdout: ${out.stdout}; stderr: ${out.stderr})`,
      60_000,
    );

    cli(['start', 'worker']);
    await eventually(
      () => Promise.resolve(count(out.stdout, /^worker-1 +\| worker-ran$/gm) === 2),
      `the second run of worker in logs -f (exit ${follower.exitCode}; stdout: ${out.stdout}; stderr: ${out.stderr})`,
      60_000,
    );
    assert.equal(follower.exitCode, null, 'logs -f is still following');
    // web-1 was neither restarted nor printed twice.
    assert.equal(count(out.stdout, /^web-1 +\| web-up$/gm), 1, out.stdout);
  } finally {
    follower.kill('SIGINT');
  }
  assert.equal(await exited, 130, out.stderr);
});

test('logs -f ends with status 0 once the last followed container stops, after its last lines', async () => {
  cli(['up', '-d', 'web']);
  const { child: follower, out, exited } = follow(['logs', '-f', 'web']);
  try {
    await eventually(
      () => Promise.resolve(/^web-1 +\| web-up$/m.test(out.stdout)),
      `web-1's output (stdout: ${out.stdout}, stderr: ${out.stderr})`,
    );
    assert.equal(follower.exitCode, null, 'logs -f is following a running container');
    cli(['stop', 'web']);
    assert.equal(await exited, 0, out.stderr);
  } finally {
    follower.kill('SIGINT');
  }
  // Every web replica said goodbye before logs -f ended.
  const replicas = count(out.stdout, /^web-\d +\| web-up$/gm);
  assert.ok(replicas >= 1, out.stdout);
  assert.equal(count(out.stdout, /^web-\d +\| web-bye$/gm), replicas, out.stdout);

  // Nothing running: logs -f prints what there is and ends.
  const idle = spawnSync(process.execPath, [bin, '-p', project, 'logs', '-f', 'web'], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: scaled(60_000),
  });
  assert.equal(idle.status, 0, idle.stderr);
  assert.match(idle.stdout, /^web-1 +\| web-bye$/m);
});
