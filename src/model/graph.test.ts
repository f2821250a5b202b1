import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DependencyCycleError,
  dependencyLevels,
  dependencyOrder,
  findDependencyCycle,
  reverseDependencyOrder,
} from './graph.js';
import type { ServiceConfig } from './service.js';

function services(edges: Record<string, string[]>): { services: Record<string, ServiceConfig> } {
  const out: Record<string, ServiceConfig> = {};
  for (const [name, deps] of Object.entries(edges)) {
    const dependsOn = Object.fromEntries(
      deps.map((d) => [d, { condition: 'service_started', required: true }]),
    );
    out[name] = { name, command: null, entrypoint: null, dependsOn };
  }
  return { services: out };
}

test('dependencyOrder puts dependencies first and reverseDependencyOrder last', () => {
  const project = services({ web: ['api'], api: ['db', 'cache'], db: [], cache: [] });
  assert.deepEqual(dependencyOrder(project), ['cache', 'db', 'api', 'web']);
  assert.deepEqual(reverseDependencyOrder(project), ['web', 'api', 'cache', 'db']);
});

test('dependencyLevels groups services that can be handled in parallel', () => {
  const project = services({ web: ['api'], api: ['db', 'cache'], db: [], cache: [], other: [] });
  assert.deepEqual(dependencyLevels(project), [['cache', 'db', 'other'], ['api'], ['web']]);
  assert.deepEqual(dependencyLevels(project, true), [['other', 'web'], ['api'], ['cache', 'db']]);
});

test('dependencies on services that are not enabled are ignored', () => {
  const project = services({ web: ['gone'] });
  assert.deepEqual(dependencyOrder(project), ['web']);
});

test('findDependencyCycle reports the cycle as compose-go does', () => {
  const project = services({
    service1: ['service2'],
    service2: ['service3'],
    service3: ['service1'],
  });
  assert.deepEqual(findDependencyCycle(project), ['service1', 'service2', 'service3', 'service1']);
  assert.deepEqual(findDependencyCycle(services({ a: ['a'] })), ['a', 'a']);
  assert.equal(findDependencyCycle(services({ a: ['b'], b: [] })), undefined);
  assert.throws(
    () => dependencyOrder(project),
    (err: unknown) =>
      err instanceof DependencyCycleError &&
      err.message === 'dependency cycle detected: service1 -> service2 -> service3 -> service1' &&
      err.cycle.length === 4,
  );
  // The cycle reads in the direction of depends_on, whichever order is asked for.
  assert.throws(() => reverseDependencyOrder(project), /service1 -> service2 -> service3/);
  assert.throws(() => dependencyLevels(project, true), /service1 -> service2 -> service3/);
});
