import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { registryOf, resolveRegistryAuth } from './registry-auth.js';
import { registryError } from './registry-error.js';

const root = mkdtempSync(join(tmpdir(), 'flotilla-registry-auth-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

let dirs = 0;
/** A docker config directory holding `config` as its config.json. */
function configDir(config: unknown): string {
  const dir = join(root, `config-${dirs++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

// A credential helper speaking the docker-credential-helpers protocol: it records the server it
// was asked about and answers for 127.0.0.1:5001 only.
const bin = join(root, 'bin');
mkdirSync(bin);
const asked = join(root, 'asked');
writeFileSync(
  join(bin, 'docker-credential-fake'),
  `#!/bin/sh
[ "$1" = get ] || exit 2
read -r server
printf '%s' "$server" > ${asked}
case "$server" in
  127.0.0.1:5001) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-pass"}' "$server" ;;
  tokens.example) printf '{"ServerURL":"%s","Username":"<token>","Secret":"tok-123"}' "$server" ;;
  broken.example) echo 'keychain locked' >&2; exit 3 ;;
  *) echo 'credentials not found in native keychain'; exit 1 ;;
esac
`,
);
chmodSync(join(bin, 'docker-credential-fake'), 0o755);
const env = (dir: string): Record<string, string | undefined> => ({
  DOCKER_CONFIG: dir,
  PATH: `${bin}:${process.env.PATH ?? ''}`,
});

test('registryOf names the registry host of a reference, Docker Hub by default', () => {
  assert.equal(registryOf('127.0.0.1:5000/team/app:1'), '127.0.0.1:5000');
  assert.equal(registryOf('localhost/app'), 'localhost');
  assert.equal(registryOf('ghcr.io/org/app@sha256:abc'), 'ghcr.io');
  assert.equal(registryOf('redis:7'), 'docker.io');
  assert.equal(registryOf('library/redis'), 'docker.io');
  assert.equal(registryOf('index.docker.io/library/redis'), 'docker.io');
});

test('registry auth decodes the base64 auth of an auths entry', async () => {
  const dir = configDir({
    auths: { '127.0.0.1:5001': { auth: Buffer.from('alice:s3:cret').toString('base64') } },
  });
  const found = await resolveRegistryAuth('127.0.0.1:5001', { env: env(dir) });
  assert.deepEqual(found.auth, {
    serveraddress: '127.0.0.1:5001',
    username: 'alice',
    password: 's3:cret',
  });
  assert.equal(found.source, `auths in ${join(dir, 'config.json')}`);
});

test('registry auth takes username/password and identitytoken, and matches keys by host', async () => {
  const dir = configDir({
    auths: {
      'https://reg.example:5000/v2/': { username: 'bob', password: 'pw' },
      'https://index.docker.io/v1/': { identitytoken: 'idt' },
    },
  });
  const reg = await resolveRegistryAuth('reg.example:5000', { env: env(dir) });
  assert.deepEqual(reg.auth, {
    serveraddress: 'reg.example:5000',
    username: 'bob',
    password: 'pw',
  });
  const hub = await resolveRegistryAuth('docker.io', { env: env(dir) });
  assert.deepEqual(hub.auth, {
    serveraddress: 'https://index.docker.io/v1/',
    identitytoken: 'idt',
  });
});

test('registry auth is anonymous without config.json or without an entry', async () => {
  const missing = await resolveRegistryAuth('127.0.0.1:5001', {
    env: { DOCKER_CONFIG: join(root, 'nowhere') },
  });
  assert.equal(missing.auth, undefined);
  assert.match(missing.source, /does not exist/);
  const other = await resolveRegistryAuth('127.0.0.1:5001', {
    env: env(configDir({ auths: { 'other.example': { auth: 'eDp5' } } })),
  });
  assert.equal(other.auth, undefined);
  assert.match(other.source, /no credentials for 127\.0\.0\.1:5001/);
});

test('registry auth reads $HOME/.docker when DOCKER_CONFIG is unset', async () => {
  const home = join(root, 'home');
  mkdirSync(join(home, '.docker'), { recursive: true });
  writeFileSync(
    join(home, '.docker', 'config.json'),
    JSON.stringify({ auths: { 'h.example': { username: 'u', password: 'p' } } }),
  );
  const found = await resolveRegistryAuth('h.example', { env: { HOME: home } });
  assert.equal(found.auth?.username, 'u');
});

test('registry auth runs the credsStore helper with the server on stdin', async () => {
  const dir = configDir({ credsStore: 'fake', auths: { '127.0.0.1:5001': {} } });
  const found = await resolveRegistryAuth('127.0.0.1:5001', { env: env(dir) });
  assert.deepEqual(found.auth, {
    username: 'helper-user',
    password: 'helper-pass',
    serveraddress: '127.0.0.1:5001',
  });
  assert.equal(found.source, 'credential helper docker-credential-fake');
  assert.equal(readFileSync(asked, 'utf8'), '127.0.0.1:5001');
});

test('registry auth prefers credHelpers for the registry and maps <token> to identitytoken', async () => {
  const dir = configDir({
    credsStore: 'absent',
    credHelpers: { 'tokens.example': 'fake' },
    auths: { 'tokens.example': { username: 'ignored', password: 'ignored' } },
  });
  const found = await resolveRegistryAuth('tokens.example', { env: env(dir) });
  assert.deepEqual(found.auth, { identitytoken: 'tok-123', serveraddress: 'tokens.example' });
});

test('registry auth asks helpers about Docker Hub by its v1 address', async () => {
  const dir = configDir({ credsStore: 'fake' });
  const found = await resolveRegistryAuth('docker.io', { env: env(dir) });
  assert.equal(readFileSync(asked, 'utf8'), 'https://index.docker.io/v1/');
  assert.equal(found.auth, undefined);
  assert.equal(found.warning, undefined);
});

test('registry auth warns and goes anonymous when a helper fails or is missing', async () => {
  const broken = await resolveRegistryAuth('broken.example', {
    env: env(configDir({ credsStore: 'fake' })),
  });
  assert.equal(broken.auth, undefined);
  assert.match(broken.warning ?? '', /docker-credential-fake \(exit status 3: keychain locked\)/);
  const missing = await resolveRegistryAuth('x.example', {
    env: env(configDir({ credsStore: 'nosuchhelper' })),
  });
  assert.equal(missing.auth, undefined);
  assert.match(missing.warning ?? '', /docker-credential-nosuchhelper is not on PATH/);
});

test('registry auth names the file when config.json is not JSON', async () => {
  const dir = join(root, 'bad');
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), '{"auths": ');
  await assert.rejects(
    resolveRegistryAuth('127.0.0.1:5001', { env: { DOCKER_CONFIG: dir } }),
    (err: unknown) =>
      isComposeError(err, 'REGISTRY') && err.message.includes(join(dir, 'config.json')),
  );
});

test('registryError says whether the registry was unreachable or refused the credentials', () => {
  const refused = registryError(
    'pull',
    '127.0.0.1:5999/a/app:1',
    '127.0.0.1:5999',
    { source: 'x' },
    new Error(
      'Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused',
    ),
  );
  assert.ok(isComposeError(refused, 'REGISTRY'));
  assert.match(
    refused.message,
    /^cannot pull image 127\.0\.0\.1:5999\/a\/app:1: registry 127\.0\.0\.1:5999 is unreachable/,
  );
  const rejected = registryError(
    'push',
    '127.0.0.1:5001/a/app:1',
    '127.0.0.1:5001',
    { auth: { username: 'u' }, source: 'auths in /c/config.json' },
    new Error('unauthorized: authentication required'),
  );
  assert.ok(isComposeError(rejected, 'REGISTRY'));
  assert.match(
    rejected.message,
    /cannot push image 127\.0\.0\.1:5001\/a\/app:1: registry 127\.0\.0\.1:5001 rejected the credentials from auths in \/c\/config\.json/,
  );
  const anonymous = registryError(
    'pull',
    '127.0.0.1:5001/a/app:1',
    '127.0.0.1:5001',
    { source: 'no credentials for 127.0.0.1:5001 in /c/config.json' },
    new Error('no basic auth credentials'),
  );
  assert.match((anonymous as Error).message, /requires credentials and none were found/);
});
