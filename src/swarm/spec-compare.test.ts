import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmpty, specDifference, specDifferences } from './spec-compare.js';

test('specDifference: empty values and the engine defaults count as unset', () => {
  const sent = {
    Name: 'shop_web',
    TaskTemplate: {
      ContainerSpec: { Image: 'busybox', Isolation: 'default', Env: [] },
      Placement: {},
    },
    EndpointSpec: { Mode: 'vip', Ports: [] },
  };
  const stored = {
    Name: 'shop_web',
    TaskTemplate: {
      ContainerSpec: { Image: 'busybox', Isolation: 'default' },
      Resources: { Limits: {}, Reservations: {} },
      ForceUpdate: 0,
      Runtime: 'container',
    },
    EndpointSpec: { Mode: 'vip' },
  };
  assert.equal(specDifference(sent, stored), undefined);
  assert.equal(
    specDifference(
      { UpdateConfig: { Parallelism: 1 } },
      { UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Order: 'stop-first' } },
    ),
    undefined,
  );
});

test('specDifference finds changed, removed and added fields', () => {
  assert.equal(specDifference({ Env: ['A=1'] }, { Env: ['A=2'] }), 'Env[0]');
  assert.equal(specDifference({ Env: ['A=1'] }, { Env: ['A=1', 'B=2'] }), 'Env');
  // A limit removed from the file (or added by someone else) is a difference.
  assert.equal(
    specDifference({ Resources: {} }, { Resources: { Limits: { MemoryBytes: 1024 } } }),
    'Resources.Limits.MemoryBytes',
  );
  assert.equal(
    specDifference(
      { UpdateConfig: { FailureAction: 'rollback' } },
      { UpdateConfig: { FailureAction: 'pause' } },
    ),
    'UpdateConfig.FailureAction',
  );
  assert.equal(
    specDifference(
      { TaskTemplate: { Runtime: 'plugin' } },
      { TaskTemplate: { Runtime: 'container' } },
    ),
    'TaskTemplate.Runtime',
  );
});

test('isEmpty', () => {
  for (const v of [undefined, null, false, 0, '', [], {}, { a: [], b: { c: 0 } }])
    assert.equal(isEmpty(v), true);
  for (const v of [true, 1, 'x', [0], { a: 1 }]) assert.equal(isEmpty(v), false);
});

test('specDifferences lists every differing path, in field order', () => {
  assert.deepEqual(
    specDifferences(
      { Name: 's', TaskTemplate: { ContainerSpec: { Image: 'a:2', Env: ['A=1', 'B=2'] } } },
      { Name: 's', TaskTemplate: { ContainerSpec: { Image: 'a:1', Env: ['A=1', 'B=3'] } } },
    ),
    ['TaskTemplate.ContainerSpec.Image', 'TaskTemplate.ContainerSpec.Env[1]'],
  );
  assert.deepEqual(specDifferences({ A: 1, B: 2 }, { A: 2, B: 3 }, 1), ['A']);
  assert.deepEqual(specDifferences({ A: [] }, {}), []);
});
