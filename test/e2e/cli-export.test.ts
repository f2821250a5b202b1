// `export` through the built CLI against the real engine: the tar archive (to a file with -o, or
// to piped stdout) holds the file the service container wrote; --index picks the replica; a
// terminal as stdout, a missing output directory and an unknown service are refused.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { startTmux } from './support/terminal.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('flvx-export');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/cli-export/compose.yaml');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const work = mkdtempSync(join(tmpdir(), 'flotilla-export-'));

interface Result {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function cli(args: readonly string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, '-p', project, ...args],
      { env, cwd: work, encoding: 'buffer', maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

/** One member of a tar archive, read with tar(1). */
function tarMember(archive: string, member: string): string {
  const r = spawnSync('tar', ['-xOf', archive, member], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const hostnameOf = async (name: string): Promise<string> =>
  (await engine.containers.inspect(name)).Config.Hostname ?? '';

before(async () => {
  ensureBuilt();
  const up = await cli(['-f', composeFile, 'up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  // The replicas write their file right after starting.
  for (const n of [1, 2]) {
    await eventually(async () => {
      const r = await cli([
        'exec',
        '--index',
        String(n),
        'app',
        'test',
        '-s',
        '/exported/proof.txt',
      ]);
      return r.code === 0;
    }, `app-${n} to write its file`);
  }
});

after(async () => {
  await cli(['-f', composeFile, 'down', '-t', '0']);
  rmSync(work, { recursive: true, force: true });
});

test('export -o writes a private tar of the container filesystem with its file', async () => {
  const archive = join(work, 'app.tar');
  writeFileSync(archive, 'an older archive, replaced');
  const r = await cli(['-f', composeFile, 'export', '-o', archive, 'app']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.length, 0);
  assert.match(r.stderr, new RegExp(`Container ${project}-app-1 Exporting`));
  assert.match(r.stderr, new RegExp(`Container ${project}-app-1 Exported`));
  assert.equal(statSync(archive).mode & 0o777, 0o600);
  assert.equal(
    tarMember(archive, 'exported/proof.txt'),
    `${await hostnameOf(`${project}-app-1`)}\n`,
  );
  // A whole root filesystem: busybox's shell is there too.
  assert.ok(statSync(archive).size > 100_000);
  const list = spawnSync('tar', ['-tf', archive], { encoding: 'utf8' });
  assert.match(list.stdout, /^bin\/sh$/m);
});

test('export --index to piped stdout gives the chosen replica, and only the archive', async () => {
  const r = await cli(['export', '--index', '2', 'app']);
  assert.equal(r.code, 0, r.stderr);
  const archive = join(work, 'stdout.tar');
  writeFileSync(archive, r.stdout);
  assert.equal(
    tarMember(archive, 'exported/proof.txt'),
    `${await hostnameOf(`${project}-app-2`)}\n`,
  );
});

test('export refuses to write the archive to a terminal', async () => {
  const status = join(work, 'tty-status');
  const errors = join(work, 'tty-stderr');
  // stdout is the tmux terminal; stderr goes to a file, to be read after the window closes.
  const tmux = startTmux(
    `'${process.execPath}' '${bin}' -p ${project} export app 2>'${errors}'; echo $? > '${status}'`,
    `${project}-export-tty`,
    env,
  );
  try {
    await eventually(
      () => Promise.resolve(existsSync(status) && readFileSync(status, 'utf8').includes('\n')),
      'export to end in the terminal',
    );
    assert.equal(readFileSync(status, 'utf8').trim(), '1');
    assert.match(
      readFileSync(errors, 'utf8'),
      /output option is required when exporting to terminal/,
    );
  } finally {
    tmux.kill();
  }
});

test('export fails clearly for a missing output directory, an unknown service or replica', async () => {
  const missingDir = await cli(['export', '-o', join(work, 'no-such-dir', 'x.tar'), 'app']);
  assert.equal(missingDir.code, 1);
  assert.match(missingDir.stderr, /invalid output path: directory ".*no-such-dir" does not exist/);
  const unknown = await cli(['-f', composeFile, 'export', 'nope']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no such service: nope/);
  const replica = await cli(['export', '--index', '3', '-o', join(work, 'three.tar'), 'app']);
  assert.equal(replica.code, 1);
  assert.match(replica.stderr, /service "app" is not running container #3/);
  assert.equal(existsSync(join(work, 'three.tar')), false);
});
