// `attach` through the built CLI against the real engine: typed input reaches a TTY container
// through a real terminal and a custom --detach-keys sequence leaves it running; piped input
// reaches a container without a TTY; with --sig-proxy (the default) Ctrl-C and SIGINT are
// passed to the container and end the attach with 130, as docker compose; with --sig-proxy=false
// they end only the attach.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { startTmux } from './support/terminal.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('cliattach');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/cli-attach/compose.yaml');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const work = mkdtempSync(join(tmpdir(), 'flotilla-cli-attach-'));
const reader = `${project}-reader-1`;
const flotilla = `'${process.execPath}' -- '${bin}' -p ${project}`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], input = ''): Promise<Result> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--', bin, '-p', project, '-f', composeFile, ...args],
      { env, cwd: work },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

/** The container's output so far (what it printed, whoever was attached). */
function logsOf(container: string): string {
  return spawnSync('docker', ['logs', container], { encoding: 'utf8' }).stdout;
}

/** Starts the reader again (it exits when it gets SIGINT) and waits until it runs. */
async function freshReader(): Promise<void> {
  const up = await cli(['up', '-d', '--force-recreate', 'reader']);
  assert.equal(up.code, 0, up.stderr);
  await eventually(
    async () => (await engine.containers.inspect(reader)).State.Running,
    'the reader to run',
  );
}

before(async () => {
  ensureBuilt();
  const up = await cli(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await cli(['down', '-t', '0']);
  rmSync(work, { recursive: true, force: true });
});

test('attach forwards typed input to a TTY container and --detach-keys detaches, leaving it running', async () => {
  const status = join(work, 'detach-status');
  const tmux = startTmux(
    `${flotilla} attach --detach-keys ctrl-x,x shell 2> '${status}.err'; echo $? > '${status}'`,
    `${project}-detach`,
    env,
  );
  try {
    // The shell's answer can only come from input that went through the attach.
    await eventually(
      async () => {
        tmux.send('echo sum=$((6*7))', 'Enter');
        await new Promise((r) => setTimeout(r, 300));
        return Promise.resolve(/^sum=42$/m.test(tmux.screen()));
      },
      'the typed command to run in the container',
      20_000,
    );
    // The default sequence (ctrl-p ctrl-q) is replaced: it detaches nothing. Ctrl-C reaches the
    // shell as a key (raw terminal) and clears whatever ctrl-p recalled from its history.
    tmux.send('C-p', 'C-q');
    tmux.send('C-c');
    tmux.send('echo still=$((2+3))', 'Enter');
    await eventually(
      async () => Promise.resolve(/^still=5$/m.test(tmux.screen())),
      'the shell to keep answering after ctrl-p ctrl-q',
    );
    assert.equal(existsSync(status), false);
    tmux.send('C-x', 'x');
    await eventually(async () => Promise.resolve(existsSync(status)), 'the attach to end');
    // docker's client reports a detach as an error, status 1.
    assert.equal(readFileSync(status, 'utf8').trim(), '1');
    assert.equal(readFileSync(`${status}.err`, 'utf8'), 'read escape sequence\n');
    const info = await engine.containers.inspect(`${project}-shell-1`);
    assert.equal(info.State.Running, true, 'the container keeps running after the detach');
  } finally {
    tmux.kill();
  }
});

test('attach refuses a TTY container when stdin is not a terminal, as docker does', async () => {
  const r = await cli(['attach', 'shell'], 'echo hi\n');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /the input device is not a TTY/);
});

test('attach passes piped input to a container without a TTY and proxies SIGINT to it', async () => {
  await freshReader();
  const child = spawn(process.execPath, ['--', bin, '-p', project, 'attach', 'reader'], {
    env,
    cwd: work,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    await eventually(() => {
      child.stdin.write('hello-attach\n');
      return Promise.resolve(out.includes('got:hello-attach'));
    }, `the echoed input\n${out}`);
    child.kill('SIGINT');
    // The attach ends with 130, as docker compose; the container got the signal: its trap exits 9.
    assert.equal(await exited, 130);
    await eventually(async () => {
      const state = (await engine.containers.inspect(reader)).State;
      return !state.Running && state.ExitCode === 9;
    }, 'the container to exit 9 from its SIGINT trap');
  } finally {
    child.kill('SIGKILL');
  }
});

test('attach in a real terminal passes Ctrl-C to a container without a TTY as SIGINT', async () => {
  await freshReader();
  const status = join(work, 'ctrl-c-status');
  const tmux = startTmux(
    `${flotilla} attach reader; echo $? > '${status}'`,
    `${project}-ctrlc`,
    env,
  );
  try {
    // Typed lines go to the reader's stdin (the terminal stays in line mode: no TTY there).
    await eventually(
      async () => {
        tmux.send('typed-line', 'Enter');
        await new Promise((r) => setTimeout(r, 300));
        return Promise.resolve(logsOf(reader).includes('got:typed-line'));
      },
      'the typed line to reach the reader',
      20_000,
    );
    tmux.send('C-c');
    await eventually(async () => Promise.resolve(existsSync(status)), 'the attach to end');
    assert.equal(readFileSync(status, 'utf8').trim(), '130');
    await eventually(
      () => Promise.resolve(logsOf(reader).includes('got-INT')),
      'the reader to see the SIGINT',
    );
  } finally {
    tmux.kill();
  }
});

test('attach --sig-proxy=false ends on SIGINT and leaves the container running, untouched', async () => {
  await freshReader();
  const child = spawn(
    process.execPath,
    ['--', bin, '-p', project, 'attach', '--sig-proxy=false', 'reader'],
    { env, cwd: work },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => {
      r({ code, signal });
    }),
  );
  try {
    await eventually(() => {
      child.stdin.write('before-sigint\n');
      return Promise.resolve(out.includes('got:before-sigint'));
    }, `the attach to be connected\n${out}`);
    child.kill('SIGINT');
    const ended = await exited;
    assert.ok(ended.signal === 'SIGINT' || ended.code === 130, JSON.stringify(ended));
    const info = await engine.containers.inspect(reader);
    assert.equal(info.State.Running, true);
    assert.doesNotMatch(logsOf(reader), /got-INT/);
  } finally {
    child.kill('SIGKILL');
  }
});
