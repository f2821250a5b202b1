import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { normalizeProjectName, resolveProjectName, type ProjectNameInput } from './project-name.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-name-')));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

function input(overrides: Partial<ProjectNameInput>): ProjectNameInput {
  return {
    environment: {},
    namesInFiles: [],
    interpolate: (v) => v,
    normalize: true,
    projectDir: '/work/My_App',
    ...overrides,
  };
}

test('normalizeProjectName lower-cases, drops other characters and leading separators', () => {
  assert.equal(normalizeProjectName('My App.v2'), 'myappv2');
  assert.equal(normalizeProjectName('__-x_y-z'), 'x_y-z');
  assert.equal(normalizeProjectName('---'), '');
});

test('project name: -p wins over COMPOSE_PROJECT_NAME, name: and the directory', () => {
  const r = resolveProjectName(
    input({
      explicit: 'cli',
      environment: { COMPOSE_PROJECT_NAME: 'env' },
      namesInFiles: ['file'],
    }),
  );
  assert.equal(r.name, 'cli');
});

test('project name: COMPOSE_PROJECT_NAME wins over name:', () => {
  const r = resolveProjectName(
    input({ environment: { COMPOSE_PROJECT_NAME: 'env' }, namesInFiles: ['file'] }),
  );
  assert.equal(r.name, 'env');
});

test('project name: explicit names are checked, not normalised', () => {
  for (const explicit of ['Upper', '-lead', 'dot.ted']) {
    assert.throws(
      () => resolveProjectName(input({ explicit })),
      (err: unknown) =>
        isComposeError(err, 'PROJECT_NAME') && err.message.includes(JSON.stringify(explicit)),
    );
  }
  assert.throws(
    () => resolveProjectName(input({ environment: { COMPOSE_PROJECT_NAME: 'Bad Name' } })),
    (err: unknown) => isComposeError(err, 'PROJECT_NAME'),
  );
});

test('project name: the last non-empty name: is interpolated then normalised', () => {
  const r = resolveProjectName(
    input({
      namesInFiles: ['first', '${N}', ''],
      interpolate: (v) => v.replace('${N}', 'Second.App'),
    }),
  );
  assert.equal(r.name, 'secondapp');
  const raw = resolveProjectName(input({ namesInFiles: ['Keep.Me'], normalize: false }));
  assert.equal(raw.name, 'Keep.Me');
});

test('project name: a name: that normalises to nothing is an error', () => {
  assert.throws(
    () => resolveProjectName(input({ namesInFiles: ['...'] })),
    (err: unknown) => isComposeError(err, 'PROJECT_NAME'),
  );
});

test('project name: falls back to the normalised project directory name', () => {
  assert.equal(resolveProjectName(input({})).name, 'my_app');
  assert.throws(
    () => resolveProjectName(input({ projectDir: '/work/+++' })),
    (err: unknown) => isComposeError(err, 'PROJECT_NAME') && err.message.includes('"+++"'),
  );
});

test('project name: a directory reached through a symbolic link keeps the link name, with a warning', () => {
  mkdirSync(join(root, 'real'));
  symlinkSync(join(root, 'real'), join(root, 'linked'));
  const r = resolveProjectName(input({ projectDir: join(root, 'linked') }));
  assert.equal(r.name, 'linked');
  assert.equal(r.warnings.length, 1);
  assert.ok(r.warnings[0]?.includes('symlink'));
});
