// Ctrl-C in attached `up` through the CLI: the first SIGINT stops the services gracefully (they
// are kept, not removed) and up exits with 130; a second SIGINT kills what is being stopped.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';
import { scaled } from './support/timing.js';

const scope = engineScope('interrupt');
const { engine } = scope;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/up-interrupt');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const projects: string[] = [];

/** An attached `up` running in the background, with its output so far and its end. */
interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startUp(project: string, file: string): Running {
  const child = spawn(process.execPath, ['--', bin, '-p', project, '-f', file, 'up'], {
    cwd: dir,
    env,
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('close', (code, signal) => {
      done({ code, signal });
    });
  });
  // Never leave a stray up behind, whatever the test's outcome.
  after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, out, exited };
}

/** The exit within `ms`, or a failure saying what up printed. */
async function exitWithin(
  run: Running,
  ms: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const limit = scaled(ms);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new Error(`up did not exit within ${limit} ms:\n${run.out.stdout}\n${run.out.stderr}`),
      );
    }, limit);
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function containers(project: string) {
  const list = await engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return Promise.all(list.map((c) => engine.containers.inspect(c.Id)));
}

function down(project: string): void {
  spawnSync(process.execPath, ['--', bin, '-p', project, 'down', '-t', '0'], { cwd: dir, env });
}

before(() => {
  ensureBuilt();
});

after(() => {
  for (const p of projects) down(p);
});

test('Ctrl-C in attached up stops the services gracefully, keeps them and exits 130', async () => {
  const project = scope.name('graceful');
  projects.push(project);
  const run = startUp(project, 'compose.yaml');
  await eventually(
    () =>
      Promise.resolve(
        run.out.stdout.includes('web-ready') && run.out.stdout.includes('worker-ready'),
      ),
    `both services to print their first line; stdout so far:\n${run.out.stdout}`,
    30_000,
  );
  assert.match(run.out.stdout, /^Attaching to web-1, worker-1$/m);
  run.child.kill('SIGINT');
  const { code, signal } = await exitWithin(run, 30_000);
  assert.equal(signal, null);
  assert.equal(code, 130, run.out.stderr);
  assert.match(
    run.out.stderr,
    /^ Compose Stopping Gracefully Stopping\.\.\. press Ctrl\+C again to force$/m,
  );
  assert.match(run.out.stderr, new RegExp(`^ Container ${project}-web-1 Stopped $`, 'm'));
  const after = await containers(project);
  assert.deepEqual(after.map((c) => c.Name).sort(), [`/${project}-web-1`, `/${project}-worker-1`]);
  for (const c of after) {
    assert.equal(c.State.Status, 'exited', c.Name);
    assert.equal(c.State.ExitCode, 0, `${c.Name} ended through its TERM trap`);
  }
});

test('a second Ctrl-C kills the services that ignore the graceful stop', async () => {
  const project = scope.name('force');
  projects.push(project);
  const run = startUp(project, 'stubborn.yaml');
  await eventually(
    () =>
      Promise.resolve(
        run.out.stdout.includes('web-ready') && run.out.stdout.includes('worker-ready'),
      ),
    `both services to print their first line; stdout so far:\n${run.out.stdout}`,
    30_000,
  );
  run.child.kill('SIGINT');
  await eventually(
    () => Promise.resolve(run.out.stderr.includes('Gracefully Stopping...')),
    'the graceful stop to begin',
  );
  const sent = Date.now();
  run.child.kill('SIGINT');
  // The services' grace period is 60 s: only the kill explains an exit well before it.
  const { code } = await exitWithin(run, 20_000);
  assert.equal(code, 130, run.out.stderr);
  assert.ok(Date.now() - sent < scaled(20_000));
  const after = await containers(project);
  assert.equal(after.length, 2);
  for (const c of after) {
    assert.equal(c.State.Status, 'exited', c.Name);
    assert.equal(c.State.ExitCode, 137, `${c.Name} was killed`);
  }
});
