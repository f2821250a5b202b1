// `build` flags and build field checks on the engine's own builder (buildx's docker driver):
// `--push` loads the image, then pushes it to its registry; an unknown `--builder` fails before
// anything is built; build field values no builder accepts name file:line:col, the dotted path
// and the value.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { flotillaBin } from './support/cli.js';
import { composeV2Config } from './support/compose-v2.js';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('bflags');
const { prefix } = scope;
const dir = mkdtempSync(join(tmpdir(), 'flotilla-bflags-'));

function cli(args: readonly string[]) {
  const r = spawnSync(process.execPath, [flotillaBin, '-p', prefix, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DOCKER_CONFIG: composeV2Config(), E2E_SCOPE: prefix, NO_COLOR: '1' },
    timeout: scaled(300_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  cpSync(join(import.meta.dirname, 'testdata/build-flags'), dir, { recursive: true });
});

after(async () => {
  spawnSync('docker', ['rmi', `127.0.0.1:5050/${prefix}-pushed:latest`]);
  await scope.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('an unknown builder fails before anything is built', () => {
  const r = cli(['build', '--builder', 'no-such-builder', 'pushed']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /no buildx builder "no-such-builder"/);
  assert.match(r.stderr, /Nothing was built/);
  const image = spawnSync('docker', ['image', 'inspect', `127.0.0.1:5050/${prefix}-pushed:latest`]);
  assert.notEqual(image.status, 0, 'an image was built');
});

test('build --push loads the image, then pushes it to its registry', () => {
  const r = cli(['build', '--push', 'pushed']);
  assert.equal(r.code, 0, r.stderr);
  const ref = `${prefix}-pushed`;
  const res = spawnSync('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '-H',
    'Accept: application/vnd.docker.distribution.manifest.v2+json',
    `http://127.0.0.1:5050/v2/${ref}/manifests/latest`,
  ]);
  assert.equal(res.stdout.toString(), '200');
  const id = spawnSync(
    'docker',
    ['image', 'inspect', '--format', '{{.Id}}', `127.0.0.1:5050/${ref}:latest`],
    { encoding: 'utf8' },
  );
  assert.match(id.stdout, /^sha256:/);
});

test('a build field value no builder accepts names file:line:col, the path and the value', () => {
  let r = cli(['-f', 'bad.yaml', 'build', 'badcache']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /bad\.yaml:8:11: services\.badcache\.build\.cache_to\[0\]: invalid value "type=nosuch,dest=\.\/x": unknown cache type "nosuch"/,
  );
  r = cli(['-f', 'bad.yaml', 'build', 'badssh']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /bad\.yaml:14:11: services\.badssh\.build\.ssh\[0\]: invalid value "deploy=.*no-such-key": .*no-such-key does not exist/,
  );
});
