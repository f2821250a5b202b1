import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceSpec } from '../engine/index.js';
import { updateReasons } from './spec-reasons.js';

function spec(env: string[], secret: string, secretId: string, network: string): ServiceSpec {
  return {
    Name: 's_web',
    TaskTemplate: {
      ContainerSpec: {
        Image: 'web:1',
        Env: env,
        Secrets: [
          {
            SecretName: secret,
            SecretID: secretId,
            File: { Name: 'token', UID: '0', GID: '0', Mode: 0o444 },
          },
        ],
      },
      Networks: [{ Target: network }],
    },
  };
}

test('updateReasons: environment by variable with values withheld, secrets by name, networks by name', () => {
  const current = spec(['A=1', 'B=old-secret-value'], 's_token_aaa', 'id1', 'n-old');
  const desired = spec(['B=new-secret-value', 'C=3'], 's_token_bbb', '', 'n-new');
  const names = new Map([
    ['n-old', 's_back'],
    ['n-new', 's_front'],
  ]);
  const reasons = updateReasons(desired, current, (id) => names.get(id));
  assert.deepEqual(
    reasons.map((r) => r.text),
    [
      'environment.A: removed',
      'environment.B: changed (values redacted)',
      'environment.C: added (value redacted)',
      'TaskTemplate.ContainerSpec.Secrets[0].SecretName: "s_token_aaa" -> "s_token_bbb"',
      'TaskTemplate.Networks[0].Target: "s_back" -> "s_front"',
    ],
  );
  assert.doesNotMatch(JSON.stringify(reasons), /secret-value/);
  assert.deepEqual(updateReasons(current, structuredClone(current)), []);
});

test('updateReasons: a reordered environment is named as such', () => {
  const a = spec(['A=1', 'B=2'], 'x', 'i', 'n');
  const b = spec(['B=2', 'A=1'], 'x', 'i', 'n');
  assert.deepEqual(
    updateReasons(a, b).map((r) => r.text),
    ['environment: same variables in another order'],
  );
});
