import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { FLOTILLA_VERSION } from './version.js';

const cli = join(import.meta.dirname, '../../dist/cli/main.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--', cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('version prints the version plain, --short, and as JSON with --format/-f json', () => {
  assert.deepEqual(run('version'), {
    status: 0,
    stdout: `flotilla version v${FLOTILLA_VERSION}\n`,
    stderr: '',
  });
  assert.equal(run('version', '--short').stdout, `${FLOTILLA_VERSION}\n`);
  assert.equal(run('--version').stdout, `flotilla version v${FLOTILLA_VERSION}\n`);
  for (const flag of ['--format', '-f']) {
    const r = run('version', flag, 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { version: `v${FLOTILLA_VERSION}` });
  }
});

test('version --format with another value fails with a one-line usage error', () => {
  const r = run('version', '--format', 'xml');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'invalid format "xml": use pretty or json\n');
});
