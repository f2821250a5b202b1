import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const script = join(import.meta.dirname, 'run-tests.mjs');
const fixtures = join(import.meta.dirname, 'testdata/run-tests');

function runTests(timeoutMs: number, ...files: string[]): { status: number | null; out: string } {
  // A runner started from inside a test would otherwise see it is one and run nothing.
  const env: NodeJS.ProcessEnv = { ...process.env, FLOTILLA_TEST_REPORTER: 'dot' };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(
    process.execPath,
    [script, '--timeout', String(timeoutMs), ...files.map((f) => join(fixtures, f))],
    { encoding: 'utf8', env },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

/** The `N passed, M failed` line. */
function counts(out: string): { passed: number; failed: number } {
  const m = /^(\d+) passed, (\d+) failed/m.exec(out);
  assert.ok(m, out);
  return { passed: Number(m[1]), failed: Number(m[2]) };
}

test('a file that times out or whose process ends early counts as failed in the summary', () => {
  // hangs.test.ts never ends: the per-file limit stops it. On a busy machine the other files
  // may hit the limit too; either way every file that did not finish is a failure.
  const r = runTests(5000, 'passes.test.ts', 'hangs.test.ts', 'exits.test.ts');
  assert.notEqual(r.status, 0, r.out);
  const { failed } = counts(r.out);
  assert.ok(failed >= 2, `the timed-out and the exited file count as failed:\n${r.out}`);
  assert.match(r.out, /files that failed as a whole:\n/);
  assert.match(r.out, /hangs\.test\.ts: test timed out after \d+ms/);
  assert.match(r.out, /exits\.test\.ts: /);
});

test('failing tests are counted once, skipped ones apart', () => {
  const r = runTests(600_000, 'fails.test.ts', 'passes.test.ts');
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /^2 passed, 1 failed, 1 skipped$/m);
  assert.doesNotMatch(r.out, /failed as a whole/);
});
