import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { discoverComposeFiles, projectDirectory } from './discovery.js';
import { buildProjectEnvironment, envBoolean } from './environment.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-env-')));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** A fresh directory holding `files` (path -> content). */
function fixture(files: Record<string, string>): string {
  const dir = join(root, `case${String(++counter)}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

const SERVICE = 'services: {web: {image: x}}\n';

test('discovery prefers compose.yaml and adds the first override file beside it', () => {
  const dir = fixture({
    'compose.yaml': SERVICE,
    'docker-compose.yml': SERVICE,
    'compose.override.yml': SERVICE,
    'docker-compose.override.yml': SERVICE,
  });
  const found = discoverComposeFiles({ environment: {}, searchFrom: dir, cwd: dir });
  assert.deepEqual(found.files, [join(dir, 'compose.yaml'), join(dir, 'compose.override.yml')]);
  assert.ok(found.warnings.some((w) => w.includes('multiple config files')));
  assert.ok(found.warnings.some((w) => w.includes('multiple override files')));
});

test('discovery searches parent directories for the nearest compose file', () => {
  const dir = fixture({ 'docker-compose.yaml': SERVICE, 'a/b/README': 'x' });
  const found = discoverComposeFiles({
    environment: {},
    searchFrom: join(dir, 'a', 'b'),
    cwd: join(dir, 'a', 'b'),
  });
  assert.deepEqual(found.files, [join(dir, 'docker-compose.yaml')]);
  assert.deepEqual(found.warnings, []);
});

test('discovery takes -f files as given, relative to the current directory, before COMPOSE_FILE', () => {
  const dir = fixture({ 'one.yml': SERVICE });
  const found = discoverComposeFiles({
    files: ['one.yml', '-', '/abs/two.yml'],
    environment: { COMPOSE_FILE: 'ignored.yml' },
    searchFrom: dir,
    cwd: dir,
  });
  assert.deepEqual(found.files, [join(dir, 'one.yml'), '-', '/abs/two.yml']);
});

test('discovery splits COMPOSE_FILE on COMPOSE_PATH_SEPARATOR, default ":"', () => {
  const dir = fixture({ 'a.yml': SERVICE, 'b.yml': SERVICE });
  assert.deepEqual(
    discoverComposeFiles({
      environment: { COMPOSE_FILE: 'a.yml:b.yml' },
      searchFrom: dir,
      cwd: dir,
    }).files,
    [join(dir, 'a.yml'), join(dir, 'b.yml')],
  );
  assert.deepEqual(
    discoverComposeFiles({
      environment: { COMPOSE_FILE: 'b.yml;a.yml', COMPOSE_PATH_SEPARATOR: ';' },
      searchFrom: dir,
      cwd: dir,
    }).files,
    [join(dir, 'b.yml'), join(dir, 'a.yml')],
  );
});

test('discovery reports a COMPOSE_FILE entry that does not exist', () => {
  const dir = fixture({ 'a.yml': SERVICE });
  assert.throws(
    () =>
      discoverComposeFiles({
        environment: { COMPOSE_FILE: 'a.yml:missing.yml' },
        searchFrom: dir,
        cwd: dir,
      }),
    (err: unknown) => isComposeError(err, 'NOT_FOUND') && err.message.includes('missing.yml'),
  );
});

test('projectDirectory is --project-directory, else the first file directory, else cwd', () => {
  assert.equal(projectDirectory('sub', ['/x/c.yml'], '/w'), '/w/sub');
  assert.equal(projectDirectory(undefined, ['-', '/x/c.yml'], '/w'), '/x');
  assert.equal(projectDirectory(undefined, ['-'], '/w'), '/w');
});

test('environment: OS variables win over .env, which fills the others', () => {
  const dir = fixture({ 'compose.yaml': SERVICE, '.env': 'A=from-file\nB=from-file\n' });
  const env = buildProjectEnvironment({ cwd: dir, osEnvironment: { A: 'from-os' } });
  assert.equal(env.environment.A, 'from-os');
  assert.equal(env.environment.B, 'from-file');
  assert.equal(env.projectDir, dir);
  assert.deepEqual(env.envFiles, [join(dir, '.env')]);
  assert.equal(env.environment.PWD, dir);
});

test('environment: COMPOSE_FILE from .env selects the compose files', () => {
  const dir = fixture({ 'other.yml': SERVICE, '.env': 'COMPOSE_FILE=other.yml\n' });
  const env = buildProjectEnvironment({ cwd: dir, osEnvironment: {} });
  assert.deepEqual(env.files, [join(dir, 'other.yml')]);
});

test('environment: .env of the project directory is read after discovery', () => {
  const dir = fixture({ 'app/compose.yaml': SERVICE, 'app/.env': 'X=project\n' });
  const env = buildProjectEnvironment({
    cwd: dir,
    osEnvironment: {},
    files: ['app/compose.yaml'],
  });
  assert.equal(env.projectDir, join(dir, 'app'));
  assert.equal(env.environment.X, 'project');
});

test('environment: --env-file replaces .env, later files win and see earlier values', () => {
  const dir = fixture({
    'compose.yaml': SERVICE,
    '.env': 'DOT=1\n',
    'a.env': 'A=a\nSHARED=a\n',
    'b.env': 'SHARED=b\nREF=${A}-x\n',
  });
  const env = buildProjectEnvironment({
    cwd: dir,
    osEnvironment: {},
    envFiles: ['a.env', 'b.env'],
  });
  assert.equal(env.environment.DOT, undefined);
  assert.equal(env.environment.SHARED, 'b');
  assert.equal(env.environment.REF, 'a-x');
});

test('environment: a later env file sees its own earlier lines before earlier files', () => {
  const dir = fixture({
    'compose.yaml': SERVICE,
    'base.env': 'HOST=localhost\nURL="http://${HOST}"\n',
    'override.env': 'HOST=dev.example.com\nURL="http://${HOST}"\n',
  });
  const env = buildProjectEnvironment({
    cwd: dir,
    osEnvironment: {},
    envFiles: ['base.env', 'override.env'],
  });
  assert.equal(env.environment.URL, 'http://dev.example.com');
});

test('environment: COMPOSE_ENV_FILES is a comma-separated --env-file default', () => {
  const dir = fixture({ 'compose.yaml': SERVICE, '.env': 'DOT=1\n', 'a.env': 'A=a\n' });
  const env = buildProjectEnvironment({
    cwd: dir,
    osEnvironment: { COMPOSE_ENV_FILES: 'a.env' },
  });
  assert.equal(env.environment.A, 'a');
  assert.equal(env.environment.DOT, undefined);
  const explicit = buildProjectEnvironment({
    cwd: dir,
    osEnvironment: { COMPOSE_ENV_FILES: 'a.env' },
    envFiles: ['.env'],
  });
  assert.equal(explicit.environment.DOT, '1');
  assert.equal(explicit.environment.A, undefined);
});

test('environment: a missing --env-file is an ENV_FILE error naming it', () => {
  const dir = fixture({ 'compose.yaml': SERVICE });
  assert.throws(
    () => buildProjectEnvironment({ cwd: dir, osEnvironment: {}, envFiles: ['nope.env'] }),
    (err: unknown) => isComposeError(err, 'ENV_FILE') && err.message.includes('nope.env'),
  );
});

test('environment: profiles come from --profile, else COMPOSE_PROFILES', () => {
  const dir = fixture({ 'compose.yaml': SERVICE, '.env': 'COMPOSE_PROFILES=a, b\n' });
  assert.deepEqual(buildProjectEnvironment({ cwd: dir, osEnvironment: {} }).profiles, ['a', 'b']);
  assert.deepEqual(
    buildProjectEnvironment({ cwd: dir, osEnvironment: {}, profiles: ['c'] }).profiles,
    ['c'],
  );
});

test('envBoolean reads the spellings docker compose accepts', () => {
  assert.equal(envBoolean('1'), true);
  assert.equal(envBoolean('yes'), true);
  assert.equal(envBoolean('False'), false);
  assert.equal(envBoolean('maybe'), undefined);
  assert.equal(envBoolean(undefined), undefined);
});
