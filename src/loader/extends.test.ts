import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { applyExtends, ExtendsTracker, type ExtendsBase, type ExtendsContext } from './extends.js';
import { deepCopy, type Dict, type Path } from './tree.js';

function tree(value: Record<string, unknown>): Dict {
  return deepCopy(value as Dict);
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function context(overrides: Partial<ExtendsContext> = {}): ExtendsContext {
  return {
    file: '/p/compose.yaml',
    workingDir: '/p',
    resetPaths: [],
    tracker: new ExtendsTracker(),
    loadFile: () => {
      throw new Error('no other file expected');
    },
    ...overrides,
  };
}

function extend(services: Record<string, unknown>, ctx: ExtendsContext = context()): unknown {
  const model = tree({ services });
  applyExtends(model, ctx);
  return plain(model.services);
}

test('extends merges the local definition over the base service and drops extends', () => {
  assert.deepEqual(
    extend({
      base: { image: 'b', environment: { A: '1' }, command: ['a'] },
      web: { extends: 'base', environment: { B: '2' }, command: ['b'] },
    }),
    {
      base: { image: 'b', environment: { A: '1' }, command: ['a'] },
      web: { image: 'b', environment: ['A=1', 'B=2'], command: ['b'] },
    },
  );
});

test('extends resolves chains, whatever the order of the services', () => {
  const services = extend({
    c: { extends: { service: 'b' }, labels: ['c=1'] },
    b: { extends: { service: 'a' }, labels: ['b=1'] },
    a: { image: 'a', labels: ['a=1'] },
  }) as Record<string, unknown>;
  assert.deepEqual(services.c, { image: 'a', labels: ['a=1', 'b=1', 'c=1'] });
  assert.deepEqual(services.b, { image: 'a', labels: ['a=1', 'b=1'] });
});

test('extends does not share nodes between the base and the extending service', () => {
  const model = tree({
    services: { base: { volumes: ['/a'] }, web: { extends: 'base', volumes: ['/b'] } },
  });
  applyExtends(model, context());
  assert.deepEqual(plain(model.services), {
    base: { volumes: ['/a'] },
    web: { volumes: ['/a', '/b'] },
  });
});

test('extends reports a missing base service with the path of the extends key', () => {
  assert.throws(
    () => extend({ web: { extends: 'nope' } }),
    (err: unknown) =>
      isComposeError(err, 'EXTENDS') &&
      err.path === 'services.web.extends' &&
      err.message.includes('"nope" not found'),
  );
});

test('extends reports a cycle with the chain of services', () => {
  assert.throws(
    () => extend({ a: { extends: 'b' }, b: { extends: 'a' } }),
    (err: unknown) => isComposeError(err, 'EXTENDS') && err.message.includes('Circular reference'),
  );
  assert.throws(
    () => extend({ a: { extends: 'a', image: 'x' } }),
    (err: unknown) => isComposeError(err, 'EXTENDS') && err.message.includes('Circular reference'),
  );
});

test('extends loads the base from another file, relative to the working directory', () => {
  const calls: string[][] = [];
  const services = extend(
    { web: { extends: { service: 'base', file: 'common/base.yml' }, image: 'local' } },
    context({
      loadFile: (file, dir, relativeDir): ExtendsBase => {
        calls.push([file, dir, relativeDir]);
        return { services: tree({ base: { image: 'x', read_only: true } }), resetPaths: [] };
      },
    }),
  );
  assert.deepEqual(services, { web: { image: 'local', read_only: true } });
  assert.deepEqual(calls, [['/p/common/base.yml', '/p/common', 'common']]);
});

test('extends reports a base service missing from the other file', () => {
  assert.throws(
    () =>
      extend(
        { web: { extends: { service: 'base', file: 'other.yml' } } },
        context({ loadFile: () => ({ services: tree({}), resetPaths: [] }) }),
      ),
    (err: unknown) =>
      isComposeError(err, 'EXTENDS') &&
      err.path === 'services.web.extends' &&
      err.message.includes('other.yml'),
  );
});

test('extends applies !reset paths of the extending service to the base copy', () => {
  const resetPaths: Path[] = [['services', 'web', 'ports']];
  assert.deepEqual(
    extend(
      {
        base: { image: 'b', ports: ['80:80'] },
        web: { extends: 'base', ports: ['8080:80'] },
      },
      context({ resetPaths }),
    ),
    {
      base: { image: 'b', ports: ['80:80'] },
      web: { image: 'b', ports: ['8080:80'] },
    },
  );
});

test('extends requires a service name in the long form', () => {
  assert.throws(
    () => extend({ web: { extends: { file: 'x.yml' } } }),
    (err: unknown) => isComposeError(err, 'EXTENDS') && err.path === 'services.web.extends',
  );
});
