// Attached `up` through the CLI ends by itself with compose's exit codes: --abort-on-container-exit
// (the exiting container's code), --abort-on-container-failure (only a non-zero exit aborts) and
// --exit-code-from (the named service's code, also when the abort is what stopped it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';
import { scaled } from './support/timing.js';

const scope = engineScope('cascade');
const { engine } = scope;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/up-cascade');
const projects: string[] = [];

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI in the fixture directory; kills it (and says so) after `limitMs`. */
function cli(
  project: string,
  args: readonly string[],
  vars: Record<string, string> = {},
  limitMs = 45_000,
): Promise<Result> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--', bin, '-p', project, ...args], {
      cwd: dir,
      env: { ...process.env, ...vars, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), scaled(limitMs));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

function project(suffix: string): string {
  const name = scope.name(suffix);
  projects.push(name);
  return name;
}

async function stateOf(projectName: string, service: string): Promise<string> {
  const [c] = await engine.containers.list({
    all: true,
    filters: {
      label: [`com.docker.compose.project=${projectName}`, `com.docker.compose.service=${service}`],
    },
  });
  return c.State;
}

before(() => {
  ensureBuilt();
});

after(async () => {
  for (const p of projects) await cli(p, ['down', '-t', '0']);
});

test('up --abort-on-container-exit stops the others and exits with the clean exit code 0', async () => {
  const p = project('exit');
  const r = await cli(p, ['up', '--abort-on-container-exit'], { JOB_EXIT: '0' });
  assert.equal(r.signal, null, `up did not exit by itself:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Attaching to idle-1, job-1$/m);
  assert.match(r.stdout, /^job-1 +\| job-done$/m);
  assert.match(r.stdout, /job-1 exited with code 0$/m);
  assert.match(r.stderr, /^ Compose Aborting Aborting on container exit\.\.\.$/m);
  assert.match(r.stderr, new RegExp(`^ Container ${p}-idle-1 Stopped $`, 'm'));
  assert.equal(await stateOf(p, 'idle'), 'exited');
});

test('up --abort-on-container-failure exits with the failing container code', async () => {
  const p = project('failure');
  const r = await cli(p, ['up', '--abort-on-container-failure'], { JOB_EXIT: '111' });
  assert.equal(r.signal, null, `up did not exit by itself:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.code, 111, r.stderr);
  assert.match(r.stdout, /job-1 exited with code 111$/m);
  assert.match(r.stderr, /Aborting on container exit\.\.\./);
  assert.equal(await stateOf(p, 'idle'), 'exited');
});

test('up --exit-code-from returns the named service code, also when the abort stopped it', async () => {
  const own = project('codefrom');
  const r = await cli(own, ['up', '--exit-code-from', 'job'], { JOB_EXIT: '5' });
  assert.equal(r.signal, null, `up did not exit by itself:\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.code, 5, r.stderr);

  // job exits first (5) and aborts; idle, stopped by the abort, ends with 42: that is the code.
  const stopped = project('codefrom-stopped');
  const s = await cli(stopped, ['up', '--exit-code-from', 'idle'], {
    JOB_EXIT: '5',
    IDLE_TERM_EXIT: '42',
  });
  assert.equal(s.signal, null, `up did not exit by itself:\n${s.stdout}\n${s.stderr}`);
  assert.equal(s.code, 42, s.stderr);
  assert.match(s.stdout, /idle-1 exited with code 42$/m);
  assert.equal(await stateOf(stopped, 'idle'), 'exited');
});
