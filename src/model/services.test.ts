import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceConfig } from './service.js';
import {
  dependentsOf,
  matchServiceName,
  networksByPriority,
  serviceNames,
  serviceScale,
} from './services.js';

const base: ServiceConfig = { name: 's', command: null, entrypoint: null };

test('serviceNames sorts; dependentsOf finds direct dependents', () => {
  const project = {
    services: {
      web: {
        ...base,
        name: 'web',
        dependsOn: { db: { condition: 'service_started', required: true } },
      },
      db: { ...base, name: 'db' },
    },
  };
  assert.deepEqual(serviceNames(project), ['db', 'web']);
  assert.deepEqual(dependentsOf(project, 'db'), ['web']);
  assert.deepEqual(dependentsOf(project, 'web'), []);
});

test('serviceScale prefers scale, then deploy.replicas, then 1', () => {
  assert.equal(serviceScale(base), 1);
  assert.equal(serviceScale({ ...base, scale: 3 }), 3);
  assert.equal(serviceScale({ ...base, deploy: { replicas: 2, resources: {}, placement: {} } }), 2);
});

test('networksByPriority orders by priority then name', () => {
  const service = { ...base, networks: { b: null, a: null, c: { priority: 10 } } };
  assert.deepEqual(networksByPriority(service), ['c', 'a', 'b']);
});

test('matchServiceName follows filepath.Match', () => {
  assert.equal(matchServiceName('web', 'web'), true);
  assert.equal(matchServiceName('web', 'web2'), false);
  assert.equal(matchServiceName('web*', 'web-1'), true);
  assert.equal(matchServiceName('w?b', 'web'), true);
  assert.equal(matchServiceName('[a-c]pi', 'api'), true);
  assert.equal(matchServiceName('a.b', 'axb'), false);
});
