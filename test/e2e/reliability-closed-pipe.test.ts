// A reader that closes flotilla's standard output (`| head`): flotilla ends as the docker CLI
// ends, killed by SIGPIPE at its next write (status 141 in a shell), with nothing on stderr (no
// stack trace); a follower (`logs -f`) thereby stops following.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, flotillaBin } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('pipe');
const project = scope.prefix;
const dir = join(import.meta.dirname, 'testdata/reliability-closed-pipe');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'quiet', NO_COLOR: '1' };
const big = mkdtempSync(join(tmpdir(), 'flotilla-pipe-'));

before(() => {
  ensureBuilt();
  // A project whose `config` prints far more than a pipe holds (64 KiB).
  const services = Array.from(
    { length: 400 },
    (_, i) =>
      `  s${String(i)}:\n    image: busybox:latest\n    command: ["echo", "${'x'.repeat(200)}"]\n`,
  );
  writeFileSync(join(big, 'compose.yaml'), `services:\n${services.join('')}`);
  const up = spawnSync(process.execPath, [flotillaBin, '-p', project, 'up', '-d'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  assert.equal(up.status, 0, up.stderr);
});

after(() => {
  spawnSync(process.execPath, [flotillaBin, '-p', project, 'down', '-t', '0'], { cwd: dir, env });
  rmSync(big, { recursive: true, force: true });
});

/**
 * Runs flotilla with its stdout on a pipe, reads the first line and closes the pipe, as `head
 * -1` does; resolves with how flotilla ended and what it wrote to stderr.
 */
function headOne(args: readonly string[], cwd: string) {
  const child = spawn(process.execPath, [flotillaBin, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let first = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    if (first.includes('\n')) return;
    first += d.toString();
    if (first.includes('\n')) child.stdout.destroy();
  });
  return new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    first: string;
    stderr: string;
  }>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal, first: first.split('\n')[0], stderr });
    });
  });
}

test('logs | head -1 ends by SIGPIPE, without a stack trace', async () => {
  const r = await headOne(['-p', project, 'logs', '--no-log-prefix'], dir);
  assert.equal(r.first, '1');
  assert.equal(r.signal, 'SIGPIPE', `code ${String(r.code)}: ${r.stderr}`);
  assert.equal(r.stderr, '');
});

test('logs -f | head -1 stops following at its next line, by SIGPIPE', async () => {
  const r = await headOne(['-p', project, 'logs', '-f', '--no-log-prefix', '--tail', '1'], dir);
  assert.match(r.first, /^(tick-\d+|20000)$/);
  assert.equal(r.signal, 'SIGPIPE', `code ${String(r.code)}: ${r.stderr}`);
  assert.equal(r.stderr, '');
});

test('config | head -1 in a shell: the first line, status 141 as for the docker CLI, no stack trace', () => {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${flotillaBin}" config | head -1; echo "status \${PIPESTATUS[0]}"`,
    ],
    { cwd: big, env, encoding: 'utf8' },
  );
  assert.match(r.stdout, /^name: flotilla-pipe-\w+\nstatus 141\n$/);
  assert.equal(r.stderr, '');
});
