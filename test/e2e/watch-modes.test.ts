// The ways into `watch` through the built CLI against the real engine: `watch --no-up` watches
// without creating anything, `up --watch` syncs into the containers it started, `include`
// patterns limit what is synced, and a rebuild removes the replaced image with `--prune` (the
// default) and keeps it with `--no-prune`.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { isEngineError } from '../../src/engine/index.js';
import { engineScope, eventually } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('watchmodes');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/watch-modes/compose.yaml');
const work = mkdtempSync(join(tmpdir(), 'flotilla-watch-modes-'));
const env = { ...process.env, E2E_SCOPE: scope.prefix, WATCH_DIR: work, COMPOSE_PROGRESS: 'plain' };
const app = `${project}-app-1`;
const built = `${project}-built-1`;

/** A CLI process that keeps running (watch, up --watch), with its output so far. */
interface Running {
  readonly child: ChildProcess;
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
  /** Output so far, for failure messages. */
  text(): string;
}

function start(args: readonly string[]): Running {
  const child = spawn(process.execPath, ['--', bin, '-p', project, '-f', composeFile, ...args], {
    cwd: work,
    env,
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return { child, out, exited, text: () => `stdout:\n${out.stdout}\nstderr:\n${out.stderr}` };
}

function cli(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--', bin, '-p', project, '-f', composeFile, ...args],
      { cwd: work, env },
      (err, _stdout, stderr) => {
        done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stderr });
      },
    );
  });
}

function catIn(container: string, path: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('docker', ['exec', container, 'cat', path], (err, stdout) => {
      done(err === null ? stdout : undefined);
    });
  });
}

function write(rel: string, content: string): void {
  const path = join(work, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

async function projectContainers(): Promise<string[]> {
  const list = await engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return list.map((c) => c.Names[0]);
}

/**
 * Rebuilds `built` under a watch with `flags`; returns the image IDs before and after. `settled`
 * (given the image before) is awaited before the watch is stopped: the watch prunes after the
 * new container has started.
 */
async function rebuildUnderWatch(
  flags: string[],
  version: string,
  settled?: (before: string) => Promise<boolean>,
): Promise<[string, string]> {
  const before = (await engine.containers.inspect(built)).Image;
  const w = start(['watch', ...flags, 'built']);
  try {
    await eventually(
      () => Promise.resolve(w.out.stdout.includes('Watch enabled')),
      `the watch to start\n${w.text()}`,
      60_000,
    );
    write('image/version.txt', `${version}\n`);
    await eventually(
      async () => (await catIn(built, '/version.txt')) === `${version}\n`,
      `the rebuilt container\n${w.text()}`,
      60_000,
    );
    if (settled !== undefined) {
      await eventually(() => settled(before), `the watch to settle\n${w.text()}`, 30_000);
    }
    w.child.kill('SIGINT');
    await w.exited;
  } finally {
    w.child.kill('SIGKILL');
  }
  return [before, (await engine.containers.inspect(built)).Image];
}

before(() => {
  ensureBuilt();
  write('src/a.txt', 'v1\n');
  write('image/version.txt', 'image-v1\n');
  write(
    'image/Dockerfile',
    // The label makes this image its own: watch.test.ts builds the same files, and the build
    // cache would otherwise give both projects one image (tagged by the other, never dangling).
    `FROM busybox:latest\nLABEL dev.flotilla.e2e=${scope.prefix}\nCOPY version.txt /version.txt\n` +
      `CMD ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`,
  );
});

after(async () => {
  await cli(['down', '-t', '0']);
  rmSync(work, { recursive: true, force: true });
});

test('watch --no-up watches without creating or starting anything', async () => {
  const w = start(['watch', '--no-up', 'app']);
  try {
    await eventually(
      () => Promise.resolve(w.out.stdout.includes('Watch enabled')),
      `the watch to start\n${w.text()}`,
    );
    write('src/a.txt', 'while-no-up\n');
    await eventually(
      () => Promise.resolve(/Syncing service "app" after 1 changes/.test(w.out.stdout)),
      `the change to be seen\n${w.text()}`,
    );
    // Nothing to sync into, and nothing was created to receive it.
    assert.deepEqual(await projectContainers(), []);
    await assert.rejects(engine.networks.inspect(`${project}_default`), (err) =>
      isEngineError(err, 404),
    );
    assert.equal(w.child.exitCode, null, 'the watch keeps waiting');
    w.child.kill('SIGINT');
    assert.equal(await w.exited, 130);
    assert.match(w.out.stdout, /Watch disabled/);
  } finally {
    w.child.kill('SIGKILL');
  }
});

test('up --watch starts the service and syncs only the files its include patterns match', async () => {
  const up = start(['up', '--watch', 'app']);
  try {
    await eventually(
      () => Promise.resolve(/Watch enabled/.test(up.out.stdout)),
      `up to start watching\n${up.text()}`,
      60_000,
    );
    assert.equal((await engine.containers.inspect(app)).State.Running, true);
    write('src/skipped.md', 'not included\n');
    write('src/a.txt', 'edited-under-up\n');
    await eventually(
      async () => (await catIn(app, '/app/a.txt')) === 'edited-under-up\n',
      `the edited file in the container\n${up.text()}`,
    );
    // Written before a.txt, in the same or an earlier batch: had it matched, it would be there.
    assert.equal(await catIn(app, '/app/skipped.md'), undefined);
    up.child.kill('SIGINT');
    assert.equal(await up.exited, 130);
    // Ctrl-C ends `up` attached: its containers are stopped, as compose does.
    assert.equal((await engine.containers.inspect(app)).State.Running, false);
  } finally {
    up.child.kill('SIGKILL');
  }
});

test('watch --no-prune keeps the image a rebuild replaced; --prune (the default) removes it', async () => {
  const up = await cli(['up', '-d', '--build', 'built']);
  assert.equal(up.code, 0, up.stderr);
  const [kept, first] = await rebuildUnderWatch(['--no-prune'], 'image-v2');
  assert.notEqual(kept, first);
  assert.equal((await engine.images.inspect(kept)).RepoTags?.length ?? 0, 0, 'left dangling');
  const gone = (id: string): Promise<boolean> =>
    engine.images.inspect(id).then(
      () => false,
      (err: unknown) => isEngineError(err, 404),
    );
  const [pruned, second] = await rebuildUnderWatch(['--prune'], 'image-v3', gone);
  assert.equal(pruned, first);
  assert.notEqual(second, pruned);
  await assert.rejects(engine.images.inspect(pruned), (err) => isEngineError(err, 404));
  // The kept image is dangling: no tag or label for the scope's clean-up to find it by.
  await engine.images.remove(kept, { force: true });
});
