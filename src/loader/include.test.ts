import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import {
  applyInclude,
  readIncludeEntries,
  type IncludeContext,
  type IncludeRequest,
} from './include.js';
import { deepCopy, type Dict } from './tree.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'flotilla-include-')));
mkdirSync(join(root, 'lib'));
writeFileSync(join(root, 'lib', 'compose.yaml'), 'services: {}\n');
writeFileSync(join(root, 'lib', '.env'), 'A=1\n');
writeFileSync(join(root, 'vars.env'), 'B=1\n');
after(() => {
  rmSync(root, { recursive: true, force: true });
});

function tree(value: Record<string, unknown>): Dict {
  return deepCopy(value as Dict);
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function context(
  loaded: Record<string, unknown>,
  requests: IncludeRequest[] = [],
  overrides: Partial<IncludeContext> = {},
): IncludeContext {
  return {
    workingDir: root,
    resourceDir: root,
    included: [join(root, 'compose.yaml')],
    resetPaths: [],
    loadModel: (request) => {
      requests.push(request);
      return tree(loaded);
    },
    ...overrides,
  };
}

test('readIncludeEntries reads the short and the long syntax', () => {
  assert.deepEqual(
    readIncludeEntries([
      'a.yml',
      { path: ['b.yml', 'c.yml'], project_directory: 'x', env_file: 'e.env' },
      { path: 'd.yml', project_directory: '' },
    ]),
    [
      { path: ['a.yml'], projectDirectory: undefined, envFile: [] },
      { path: ['b.yml', 'c.yml'], projectDirectory: 'x', envFile: ['e.env'] },
      { path: ['d.yml'], projectDirectory: undefined, envFile: [] },
    ],
  );
  assert.deepEqual(readIncludeEntries(undefined), []);
});

test('readIncludeEntries refuses a non-list and a malformed entry, with their path', () => {
  assert.throws(
    () => readIncludeEntries('a.yml'),
    (err: unknown) => isComposeError(err, 'INCLUDE') && err.path === 'include',
  );
  assert.throws(
    () => readIncludeEntries(['a.yml', 3]),
    (err: unknown) => isComposeError(err, 'INCLUDE') && err.path === 'include[1]',
  );
});

test('include loads the file with its own project directory and .env, and adds its resources', () => {
  const requests: IncludeRequest[] = [];
  const model = tree({
    include: ['lib/compose.yaml'],
    services: { web: { image: 'w' } },
  });
  applyInclude(
    model,
    context({ services: { db: { image: 'd' } }, volumes: { data: {} } }, requests),
  );
  assert.deepEqual(plain(model), {
    services: { web: { image: 'w' }, db: { image: 'd' } },
    volumes: { data: {} },
  });
  assert.equal(requests.length, 1);
  const request = requests[0];
  assert.deepEqual(request.files, [join(root, 'lib', 'compose.yaml')]);
  assert.equal(request.projectDirectory, join(root, 'lib'));
  assert.equal(request.workingDir, 'lib');
  assert.deepEqual(request.envFiles, [join(root, 'lib', '.env')]);
  assert.deepEqual(request.included, [join(root, 'compose.yaml')]);
});

test('include env_file and project_directory resolve against the including directory', () => {
  const requests: IncludeRequest[] = [];
  applyInclude(
    tree({
      include: [{ path: 'lib/compose.yaml', project_directory: 'lib', env_file: ['vars.env'] }],
    }),
    context({}, requests),
  );
  const request = requests[0];
  assert.equal(request.projectDirectory, join(root, 'lib'));
  assert.deepEqual(request.envFiles, [join(root, 'vars.env')]);
});

test('include reports a missing env_file', () => {
  assert.throws(
    () => {
      applyInclude(
        tree({ include: [{ path: 'lib/compose.yaml', env_file: 'missing.env' }] }),
        context({}),
      );
    },
    (err: unknown) => isComposeError(err, 'INCLUDE') && err.message.includes('missing.env'),
  );
});

test('include detects a file that includes itself through a chain', () => {
  assert.throws(
    () => {
      applyInclude(
        tree({ include: ['lib/compose.yaml'] }),
        context({}, [], {
          included: [join(root, 'compose.yaml'), join(root, 'lib', 'compose.yaml')],
        }),
      );
    },
    (err: unknown) => isComposeError(err, 'INCLUDE') && err.message.includes('include cycle'),
  );
});

test('include merges the including definition over an included resource of the same name', () => {
  const model = tree({
    include: ['lib/compose.yaml'],
    services: { web: { image: 'local', labels: ['b=1'] } },
  });
  applyInclude(
    model,
    context({ services: { web: { image: 'lib', labels: ['a=1'], init: true } } }),
  );
  assert.deepEqual(plain(model), {
    services: { web: { image: 'local', labels: ['a=1', 'b=1'], init: true } },
  });
});
