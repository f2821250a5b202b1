// Builds on a standalone BuildKit daemon (scripts/setup/buildkit.sh: buildkitd built from Debian's
// sources, reached through buildx's remote driver) selected with `build --builder` or
// BUILDX_BUILDER, for what Engine 20.10's own BuildKit cannot do: named contexts
// (`additional_contexts`, a directory and another service's image) and cache exported to and
// imported from a local directory.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { flotillaBin, repoRoot } from './support/cli.js';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('bkd');
const { prefix } = scope;
const dir = mkdtempSync(join(tmpdir(), 'flotilla-bkd-'));
const token = `tok-${randomBytes(6).toString('hex')}`;
let setup: Record<string, string> = {};

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [flotillaBin, '-p', prefix, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      DOCKER_CONFIG: setup.DOCKER_CONFIG,
      E2E_SCOPE: prefix,
      TOKEN: token,
      NO_COLOR: '1',
      ...env,
    },
    timeout: scaled(300_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function docker(args: readonly string[]): string {
  const r = spawnSync('docker', args, {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_CONFIG: setup.DOCKER_CONFIG },
    timeout: scaled(120_000),
  });
  assert.equal(r.status, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function fileOf(image: string, path: string): string {
  return docker(['run', '--rm', image, 'cat', path]);
}

before(() => {
  cpSync(join(import.meta.dirname, 'testdata/buildkitd-builder'), dir, { recursive: true });
  // Idempotent: builds the daemon when its binaries are not cached yet, then starts it.
  const script = join(repoRoot, 'scripts/setup/buildkit.sh');
  execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const env = execFileSync('bash', [script, 'env'], { encoding: 'utf8' });
  setup = Object.fromEntries(
    env
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
});

after(async () => {
  await scope.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('--builder selects the BuildKit daemon; named contexts: a directory and a service image', () => {
  const r = cli(['--progress', 'plain', 'build', '--builder', setup.BUILDX_BUILDER, 'named']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`building with "${setup.BUILDX_BUILDER}" instance using remote driver`),
  );
  assert.equal(fileOf(`${prefix}-named`, '/hello.txt'), 'hello from a named context\n');
  assert.equal(fileOf(`${prefix}-named`, '/base.txt'), 'built by the base service\n');
});

test('cache_to a local directory, then cache_from it after the builder forgot its own cache', () => {
  const env = { BUILDX_BUILDER: setup.BUILDX_BUILDER };
  let r = cli(['build', 'cached'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'cache-dir', 'index.json')), 'no cache was exported');
  const first = fileOf(`${prefix}-cached`, '/mark');
  assert.match(first, new RegExp(`^${token} [0-9a-f-]{36}\n$`));
  docker(['buildx', 'prune', '--all', '--force', '--builder', setup.BUILDX_BUILDER]);
  docker(['rmi', `${prefix}-cached`]);
  r = cli(['--progress', 'plain', 'build', 'cached'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /importing cache manifest from local/);
  const step = /#(\d+) \[2\/2\] RUN echo/.exec(r.stderr)?.[1];
  assert.ok(
    step !== undefined && r.stderr.includes(`#${step} CACHED`),
    'the RUN step was not CACHED',
  );
  // The RUN step was not run again: its random mark is the first build's.
  assert.equal(fileOf(`${prefix}-cached`, '/mark'), first);
});
