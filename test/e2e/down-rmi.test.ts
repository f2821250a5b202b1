// `down --rmi` against the real engine, through the CLI: `local` removes only the image built
// under the default name (<project>-<service>); `all` also removes every `image:` of the model
// (built under a custom name, or present as if pulled). The base image and the image another
// project built are never touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { isEngineError } from '../../src/engine/index.js';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('rmi');
const { engine } = scope;
const project = scope.prefix;
const other = scope.name('other');
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/down-rmi');

function cli(name: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [bin, '-p', name, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, E2E_SCOPE: scope.prefix, NO_COLOR: '1' },
    timeout: scaled(180_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function exists(ref: string): Promise<boolean> {
  try {
    await engine.images.inspect(ref);
    return true;
  } catch (err) {
    if (isEngineError(err, 404)) return false;
    throw err;
  }
}

const images = {
  built: `${project}-app:latest`,
  custom: `${project}-custom:v1`,
  pulled: `${project}-base:latest`,
  otherProject: `${other}-app:latest`,
  base: 'busybox:latest',
};

async function present(): Promise<Record<keyof typeof images, boolean>> {
  const out = {} as Record<keyof typeof images, boolean>;
  for (const [k, ref] of Object.entries(images)) {
    out[k as keyof typeof images] = await exists(ref);
  }
  return out;
}

before(() => {
  let r = cli(project, ['-f', 'base.yaml', 'build']);
  assert.equal(r.code, 0, r.stderr);
  r = cli(other, ['build', 'app']);
  assert.equal(r.code, 0, r.stderr);
});

after(() => {
  cli(project, ['down', '-t', '0']);
  cli(other, ['down', '-t', '0']);
});

test('down --rmi local removes only the image built under the default name', async () => {
  let r = cli(project, ['up', '-d', '--progress', 'quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await present(), {
    built: true,
    custom: true,
    pulled: true,
    otherProject: true,
    base: true,
  });

  // With -f: a file-less `-p name down` knows services only by their containers' images, so
  // none of them counts as built under the default name (as in docker compose).
  r = cli(project, [
    '-f',
    'compose.yaml',
    'down',
    '-t',
    '0',
    '--rmi',
    'local',
    '--progress',
    'plain',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n');
  assert.deepEqual(
    lines.filter((l) => l.startsWith(' Image ')),
    [` Image ${images.built} Removing `, ` Image ${images.built} Removed `],
    r.stderr,
  );
  assert.deepEqual(await present(), {
    built: false,
    custom: true,
    pulled: true,
    otherProject: true,
    base: true,
  });
});

test('down --rmi all also removes every image: of the model, nothing else', async () => {
  let r = cli(project, ['up', '-d', '--progress', 'quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await exists(images.built), true, 'up built the image again');

  r = cli(project, [
    '-f',
    'compose.yaml',
    'down',
    '-t',
    '0',
    '--rmi',
    'all',
    '--progress',
    'plain',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n');
  for (const ref of [images.built, images.custom, images.pulled]) {
    assert.ok(lines.includes(` Image ${ref} Removed `), `${ref}:\n${r.stderr}`);
  }
  assert.deepEqual(await present(), {
    built: false,
    custom: false,
    pulled: false,
    otherProject: true,
    base: true,
  });
  // Nothing is left to remove: a second down schedules no image.
  r = cli(project, ['-f', 'compose.yaml', 'down', '--rmi', 'all', '--progress', 'plain']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, / Image /, r.stderr);
});
