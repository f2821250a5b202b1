// `watch` through the built CLI against the real engine: an edited file reaches the running
// container, ignored files do not, a deleted file is deleted there, a sync+restart rule restarts
// the container, a rebuild rule rebuilds the image and recreates the container, and SIGINT ends
// the watch cleanly.
import assert from 'node:assert/strict';
import {
  execFile,
  spawn,
  spawnSync,
  type ChildProcessWithoutNullStreams,
} from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('watch');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/watch/compose.yaml');
const work = mkdtempSync(join(tmpdir(), 'flotilla-watch-'));
const env = {
  ...process.env,
  E2E_SCOPE: scope.prefix,
  WATCH_DIR: work,
  COMPOSE_PROGRESS: 'plain',
};
const app = `${project}-app-1`;

let watcher: ChildProcessWithoutNullStreams | undefined;
const out = { stdout: '', stderr: '' };
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

/** A file's content in the app container, or undefined when it is missing. */
function catInApp(path: string, container = app): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('docker', ['exec', container, 'cat', path], (err, stdout) => {
      done(err === null ? stdout : undefined);
    });
  });
}

async function startedAt(container: string): Promise<string> {
  return (await engine.containers.inspect(container)).State.StartedAt;
}

function write(rel: string, content: string): void {
  const path = join(work, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

/** Output so far, for failure messages. */
const output = (): string => `stdout:\n${out.stdout}\nstderr:\n${out.stderr}`;

before(async () => {
  ensureBuilt();
  write('src/a.txt', 'initial\n');
  write('src/old.txt', 'to be deleted\n');
  write('config/app.conf', 'v1\n');
  write('image/version.txt', 'image-v1\n');
  write(
    'image/Dockerfile',
    'FROM busybox:latest\nCOPY version.txt /version.txt\n' +
      `CMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`,
  );
  watcher = spawn(process.execPath, ['--', bin, '-p', project, '-f', composeFile, 'watch'], {
    cwd: work,
    env,
  });
  watcher.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  watcher.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const child = watcher;
  exited = new Promise((done) => {
    child.on('close', (code, signal) => {
      done({ code, signal });
    });
  });
  await eventually(
    () => Promise.resolve(out.stdout.includes('Watch enabled') || child.exitCode !== null),
    'the watch to start',
    120_000,
  );
  assert.ok(out.stdout.includes('Watch enabled'), output());
});

after(() => {
  if (watcher !== undefined && watcher.exitCode === null && watcher.signalCode === null) {
    watcher.kill('SIGKILL');
  }
  spawnSync(process.execPath, ['--', bin, '-p', project, '-f', composeFile, 'down', '-t', '0'], {
    cwd: work,
    env,
  });
  rmSync(work, { recursive: true, force: true });
});

test('watch initial_sync copies the watched directory into the container before watching', async () => {
  assert.equal(await catInApp('/app/a.txt'), 'initial\n');
  assert.equal(await catInApp('/app/old.txt'), 'to be deleted\n');
});

test('watch syncs an edited file into the running container', async (t) => {
  const written = Date.now();
  write('src/a.txt', 'edited\n');
  await eventually(
    async () => (await catInApp('/app/a.txt')) === 'edited\n',
    `the edited file in the container\n${output()}`,
    10_000,
  );
  t.diagnostic(
    `sync latency: ${Date.now() - written} ms (edit to content visible via docker exec)`,
  );
  assert.match(out.stdout, /Syncing service "app" after \d+ changes were detected/);
});

test('watch leaves files matching the ignore patterns out and syncs new directories', async () => {
  write('src/scratch.tmp', 'ignored\n');
  write('src/cache/blob', 'ignored\n');
  write('src/nested/dir/marker.txt', 'synced\n');
  await eventually(
    async () => (await catInApp('/app/nested/dir/marker.txt')) === 'synced\n',
    `the marker file in the container\n${output()}`,
    10_000,
  );
  assert.equal(await catInApp('/app/scratch.tmp'), undefined);
  assert.equal(await catInApp('/app/cache/blob'), undefined);
});

test('watch deletes a removed file in the container', async () => {
  rmSync(join(work, 'src/old.txt'));
  await eventually(
    async () => (await catInApp('/app/old.txt')) === undefined,
    `the deleted file to disappear\n${output()}`,
    10_000,
  );
  assert.equal(await catInApp('/app/a.txt'), 'edited\n', 'other files stay');
});

test('watch sync+restart copies the file and restarts the container', async () => {
  const before = await startedAt(app);
  write('config/app.conf', 'v2\n');
  await eventually(
    async () => (await startedAt(app)) !== before,
    `the container to restart\n${output()}`,
    20_000,
  );
  assert.equal(await catInApp('/etc/app/app.conf'), 'v2\n');
  assert.match(out.stdout, /service\(s\) \["app"\] restarted/);
});

test('watch rebuild builds the image again and recreates the container', async () => {
  const built = `${project}-built-1`;
  assert.equal(await catInApp('/version.txt', built), 'image-v1\n');
  const oldId = (await engine.containers.inspect(built)).Id;
  write('image/version.txt', 'image-v2\n');
  await eventually(
    async () => (await catInApp('/version.txt', built)) === 'image-v2\n',
    `the rebuilt container\n${output()}`,
    60_000,
  );
  assert.notEqual((await engine.containers.inspect(built)).Id, oldId);
  assert.match(out.stdout, /Rebuilding service\(s\) \["built"\] after changes were detected/);
  assert.match(out.stdout, /service\(s\) \["built"\] successfully built/);
});

test('watch ends on SIGINT with status 130 and leaves the containers running', async () => {
  assert.ok(watcher !== undefined && exited !== undefined);
  watcher.kill('SIGINT');
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((r) => (ended = r));
  await eventually(() => Promise.resolve(ended !== undefined), `the watch to exit\n${output()}`);
  assert.deepEqual(ended, { code: 130, signal: null });
  assert.match(out.stdout, /Watch disabled/);
  assert.equal((await engine.containers.inspect(app)).State.Running, true);
});
