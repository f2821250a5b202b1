import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPOSE_VERSION } from './version.js';

const cli = join(import.meta.dirname, '../../dist/cli/main.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--', cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the version is the docker compose release flotilla implements, flotilla as build metadata', () => {
  assert.match(COMPOSE_VERSION, /^2\.\d+\.\d+\+flotilla\.\d+\.\d+\.\d+$/);
});

test('version prints the version plain, --short, and as JSON with --format/-f json', () => {
  assert.deepEqual(run('version'), {
    status: 0,
    stdout: `Docker Compose version v${COMPOSE_VERSION}\n`,
    stderr: '',
  });
  assert.equal(run('version', '--short').stdout, `${COMPOSE_VERSION}\n`);
  assert.equal(run('--version').stdout, `Docker Compose version v${COMPOSE_VERSION}\n`);
  assert.equal(run('-v').stdout, `Docker Compose version v${COMPOSE_VERSION}\n`);
  for (const flag of ['--format', '-f']) {
    const r = run('version', flag, 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { version: `v${COMPOSE_VERSION}` });
  }
  // The bundle answers too, not only the executable's short path.
  assert.equal(
    run('version', '--format', 'pretty').stdout,
    `Docker Compose version v${COMPOSE_VERSION}\n`,
  );
  assert.equal(run('--ansi', 'never', 'version', '--short').stdout, `${COMPOSE_VERSION}\n`);
});

test('version --format takes a Go template on .Version', () => {
  const r = run('version', '--format', '{{.Version}} {{json .}}');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `v${COMPOSE_VERSION} {"Version":"v${COMPOSE_VERSION}"}\n`);
});

test('version --format with another value fails with a one-line usage error', () => {
  const r = run('version', '--format', 'xml');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'invalid format "xml": use pretty, json or a Go template\n');
});
