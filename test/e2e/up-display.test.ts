// What up and down show, through the CLI against the real engine: `up --timestamps` puts the
// local receive time after the service prefix in Go's RFC3339NanoFixed form (as docker compose
// does), on both streams (job, behind an inactive profile, runs because it is named);
// `--progress tty` in a real pseudo-terminal (tmux) ends with compose's block: `[+] up 3/3` and
// one `✔ <resource> <state> <elapsed>s` line per resource.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { engineScope, eventually } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('display');
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/up-display');
const scratch = mkdtempSync(join(tmpdir(), 'fe2e-display-'));
const baseEnv = { ...process.env, E2E_SCOPE: scope.prefix, NO_COLOR: '1' };

function cli(args: readonly string[], env: NodeJS.ProcessEnv = baseEnv) {
  const r = spawnSync(process.execPath, [bin, '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

after(() => {
  cli(['down', '-t', '0']);
  rmSync(scratch, { recursive: true, force: true });
});

/** Go's `2006-01-02T15:04:05.000000000Z07:00`. */
const STAMP = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}(?:Z|[+-]\\d{2}:\\d{2}))';

function stampOf(output: string, text: string): string {
  const m = new RegExp(`^job-1 +\\| ${STAMP} ${text}$`, 'm').exec(output);
  assert.ok(m !== null, `no timestamped "${text}" line in:\n${output}`);
  return m[1];
}

/** Milliseconds since the epoch of a stamp (Date reads at most 3 fraction digits). */
const epoch = (stamp: string): number => Date.parse(stamp.replace(/(\.\d{3})\d{6}/, '$1'));

test('up --timestamps prefixes each line with the local receive time, RFC3339Nano fixed', () => {
  for (const [tz, zone] of [
    ['UTC', /Z$/],
    ['Asia/Kolkata', /\+05:30$/],
  ] as const) {
    const start = Date.now() - 1000;
    const r = cli(['up', '--timestamps', 'job'], { ...baseEnv, TZ: tz, COMPOSE_PROGRESS: 'quiet' });
    const end = Date.now() + 1000;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Attaching to job-1$/m);
    const out = stampOf(r.stdout, 'to-stdout');
    const err = stampOf(r.stderr, 'to-stderr');
    for (const stamp of [out, err]) {
      assert.match(stamp, zone, `${tz}: ${stamp}`);
      const t = epoch(stamp);
      assert.ok(t >= start && t <= end, `${stamp} is not the time of this run`);
    }
    // Status lines carry no timestamp.
    assert.match(r.stdout, /job-1 exited with code 0$/m);
    assert.doesNotMatch(r.stdout, new RegExp(`${STAMP} job-1 exited`));
  }
});

test('--progress tty in a real terminal ends with the final block of up and of down', async () => {
  assert.equal(spawnSync('tmux', ['-V']).status, 0, 'tmux is needed for this test');
  // From nothing: the timestamps test leaves job's container and the network behind.
  assert.equal(cli(['down', '-t', '0']).code, 0);
  const session = `${project}-tty`;
  const tmux = (...args: string[]): string => {
    const r = spawnSync('tmux', ['-L', session, ...args], { encoding: 'utf8', env: baseEnv });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const upStatus = join(scratch, 'up.status');
  const downStatus = join(scratch, 'down.status');
  const run = `node ${bin} -p ${project}`;
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', dir);
  try {
    // up forces tty; down chooses it by itself (auto), stderr being the terminal.
    tmux(
      'send-keys',
      '-t',
      session,
      `clear; ${run} up -d --progress tty; echo $? > ${upStatus}; ` +
        `${run} down -t 0; echo $? > ${downStatus}`,
      'Enter',
    );
    await eventually(
      () => Promise.resolve(existsSync(downStatus)),
      'up and down to finish in the terminal',
      60_000,
    );
    assert.equal(readFileSync(upStatus, 'utf8').trim(), '0');
    assert.equal(readFileSync(downStatus, 'utf8').trim(), '0');
    const screen = tmux('capture-pane', '-p', '-t', session)
      .split('\n')
      .map((l) => l.trimEnd());
    const block = (header: string): string[] => {
      const at = screen.indexOf(header);
      assert.ok(at >= 0, `no "${header}" line on the screen:\n${screen.join('\n')}`);
      return screen.slice(at + 1, at + 4);
    };
    const line = (id: string, state: string): RegExp =>
      new RegExp(`^ ✔ ${id.replaceAll('.', '\\.')} +${state} +\\d+\\.\\ds$`);

    const up = block('[+] up 3/3');
    assert.match(up[0], line(`Network ${project}_default`, 'Created'), up.join('\n'));
    assert.match(up[1], line(`Container ${project}-db-1`, 'Started'), up.join('\n'));
    assert.match(up[2], line(`Container ${project}-web-1`, 'Started'), up.join('\n'));

    const down = block('[+] down 3/3');
    // Dependents first: web goes before db, the network last.
    assert.match(down[0], line(`Container ${project}-web-1`, 'Removed'), down.join('\n'));
    assert.match(down[1], line(`Container ${project}-db-1`, 'Removed'), down.join('\n'));
    assert.match(down[2], line(`Network ${project}_default`, 'Removed'), down.join('\n'));

    // Right-aligned to the window: every block line ends at column 100; no spinner is left.
    for (const l of [...up, ...down]) assert.equal(Array.from(l).length, 100, JSON.stringify(l));
    assert.doesNotMatch(screen.join('\n'), /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  } finally {
    spawnSync('tmux', ['-L', session, 'kill-server']);
  }
});
