import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { decodeProject } from '../model/decode.js';
import { applyProfiles, enableServices } from './profiles.js';
import { pruneResources, selectServices } from './select.js';

const started = (required = true): Record<string, unknown> => ({
  condition: 'service_started',
  required,
});

const tree = {
  services: {
    web: { image: 'w', depends_on: { api: started() }, networks: { front: null } },
    api: {
      image: 'a',
      depends_on: { db: started(), opt: started(false) },
      secrets: [{ source: 's' }],
    },
    db: { image: 'd', volumes: [{ type: 'volume', source: 'data', target: '/d' }] },
    worker: { image: 'k', depends_on: { db: started() }, configs: [{ source: 'c' }] },
  },
  networks: { front: { name: 'p_front' }, unused: { name: 'p_unused' } },
  volumes: { data: { name: 'p_data' }, unused: { name: 'p_unused' } },
  secrets: { s: { name: 'p_s', file: '/s' } },
  configs: { c: { name: 'p_c', file: '/c' } },
};

test('selectServices keeps the named services and their dependencies', () => {
  const project = selectServices(decodeProject(tree), ['api']);
  assert.deepEqual(Object.keys(project.services), ['api', 'db']);
  assert.deepEqual(Object.keys(project.disabledServices).sort(), ['web', 'worker']);
});

test('selectServices accepts patterns and fails on unknown names', () => {
  assert.deepEqual(Object.keys(selectServices(decodeProject(tree), ['w*']).services), [
    'web',
    'api',
    'db',
    'worker',
  ]);
  assert.throws(
    () => selectServices(decodeProject(tree), ['nope']),
    (err: unknown) => isComposeError(err, 'USAGE') && err.message === 'no such service: nope',
  );
});

test('selecting a service disabled by a profile enables it; its dependencies must be enabled', () => {
  const withProfiles = {
    services: {
      web: { image: 'w' },
      debug: { image: 'd', profiles: ['debug'], depends_on: { web: started() } },
      broken: { image: 'b', profiles: ['x'], depends_on: { hidden: started() } },
      hidden: { image: 'h', profiles: ['y'] },
    },
  };
  const base = applyProfiles(decodeProject(withProfiles), []);
  const project = selectServices(enableServices(base, ['debug']), ['debug']);
  assert.deepEqual(Object.keys(project.services).sort(), ['debug', 'web']);
  assert.throws(
    () => selectServices(enableServices(base, ['broken']), ['broken']),
    (err: unknown) =>
      isComposeError(err, 'CONSISTENCY') &&
      err.message === 'no such service: hidden' &&
      err.path === 'services.broken.depends_on.hidden',
  );
});

test('pruneResources drops resources no enabled service uses', () => {
  const all = pruneResources(decodeProject(tree));
  assert.deepEqual(Object.keys(all.networks), ['front']);
  assert.deepEqual(Object.keys(all.volumes), ['data']);
  assert.deepEqual(Object.keys(all.secrets), ['s']);
  assert.deepEqual(Object.keys(all.configs), ['c']);
  const selected = pruneResources(selectServices(decodeProject(tree), ['db']));
  assert.deepEqual(Object.keys(selected.networks), []);
  assert.deepEqual(Object.keys(selected.secrets), []);
  assert.deepEqual(Object.keys(selected.volumes), ['data']);
});
