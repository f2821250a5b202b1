// The progress output of flotilla and docker compose 2.26.1 on the same scenarios
// (testdata/interop-v2-output), each tool on its own project: `up -d --wait` that succeeds and
// one that fails on an unhealthy container, and `--progress json`. The differences asserted
// here are the ones the README's docker compose v2 table lists.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runFlotilla } from './support/cli.js';
import { runComposeV2 } from './support/compose-v2.js';
import { engineScope } from './support/engine.js';
import { normalised, type ToolRun } from './support/interop-v2.js';

const scope = engineScope('interop-v2-out');
const dir = join(import.meta.dirname, 'testdata', 'interop-v2-output');
const env = { E2E_SCOPE: scope.prefix, NO_COLOR: '1' };
const mine = scope.name('f');
const theirs = scope.name('c');

async function flotilla(...args: string[]): Promise<ToolRun> {
  const r = await runFlotilla(['-p', mine, ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
  });
  return normalised(r, mine);
}

async function compose(...args: string[]): Promise<ToolRun> {
  return normalised(await runComposeV2(['-p', theirs, ...args], { cwd: dir, env }), theirs);
}

test('up -d --wait: the same events and exit status; plain lines differ only in spacing', async () => {
  const [f, c] = await Promise.all([
    flotilla('--progress', 'plain', 'up', '-d', '--wait', 'web'),
    compose('--progress', 'plain', 'up', '-d', '--wait', 'web'),
  ]);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(c.code, 0, c.stderr);
  const expected = [
    ' Network P_default Creating',
    ' Network P_default Created',
    ' Container P-web-1 Creating',
    ' Container P-web-1 Created',
    ' Container P-web-1 Starting',
    ' Container P-web-1 Started',
    ' Container P-web-1 Waiting',
    ' Container P-web-1 Healthy',
  ];
  assert.deepEqual(f.events, expected);
  assert.deepEqual(c.events, expected);
  // The raw lines: flotilla writes current compose's single space and trailing space,
  // 2.26.1 two spaces and none.
  assert.match(f.stderr, /^ Container P-web-1 Healthy $/m);
  assert.match(c.stderr, /^ Container P-web-1 {2}Healthy$/m);
});

test('up -d --wait on an unhealthy container: exit 1 and the same message', async () => {
  const [f, c] = await Promise.all([
    flotilla('--profile', 'sick', '--progress', 'plain', 'up', '-d', '--wait', 'sick'),
    compose('--profile', 'sick', '--progress', 'plain', 'up', '-d', '--wait', 'sick'),
  ]);
  assert.equal(f.code, 1, f.stderr);
  assert.equal(c.code, 1, c.stderr);
  for (const r of [f, c]) {
    assert.match(r.stderr, /^container P-sick-1 is unhealthy$/m);
    assert.deepEqual(r.events.slice(-2), [
      ' Container P-sick-1 Started',
      ' Container P-sick-1 Waiting',
    ]);
  }
});

test('--progress json: one object per event in flotilla; 2.26.1 does not know the mode', async () => {
  const [f, c] = await Promise.all([
    flotilla('--progress', 'json', 'up', '-d', 'web'),
    compose('--progress', 'json', 'up', '-d', 'web'),
  ]);
  assert.equal(f.code, 0, f.stderr);
  const events = f.stderr
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; status: string; text: string });
  assert.deepEqual(events, [{ id: 'Container P-web-1', status: 'Done', text: 'Running' }]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /unsupported --progress value "json"/);
});

test('--progress after the command: accepted by flotilla (as current compose), unknown to 2.26.1', async () => {
  const [f, c] = await Promise.all([
    flotilla('up', '-d', '--progress', 'plain', 'web'),
    compose('up', '-d', '--progress', 'plain', 'web'),
  ]);
  assert.equal(f.code, 0, f.stderr);
  assert.deepEqual(f.events, [' Container P-web-1 Running']);
  // docker compose's usage errors exit with 16 in 2.26.1 (removed in 2.33).
  assert.equal(c.code, 16);
  assert.match(c.stderr, /unknown flag: --progress/);
});
