import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import type { EngineClient } from '../engine/index.js';
import type { ServiceConfig } from '../model/service.js';
import { createCompose } from './compose.js';
import { testProject } from './project.fixture.js';

function service(name: string, dependsOn: string[]): ServiceConfig {
  return {
    name,
    command: null,
    entrypoint: null,
    dependsOn: Object.fromEntries(
      dependsOn.map((d) => [d, { condition: 'service_started', required: true }]),
    ),
  };
}

test('compose reports a dependency cycle as a CONSISTENCY error at the first edge', async () => {
  const engine = {
    containers: { list: () => Promise.resolve([]) },
  } as unknown as EngineClient;
  const project = testProject([service('a', ['b']), service('b', ['a'])]);
  await assert.rejects(createCompose({ engine }).stop(project), (err: unknown) => {
    assert.ok(isComposeError(err, 'CONSISTENCY'));
    assert.equal(err.message, 'dependency cycle detected: a -> b -> a');
    assert.equal(err.path, 'services.a.depends_on.b');
    return true;
  });
});
