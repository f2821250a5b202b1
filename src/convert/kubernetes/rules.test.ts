import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject } from '../../api/convert.js';
import { isComposeError } from '../../api/errors.js';
import { checkRules, ruleViolations } from './rules.js';

const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'p' };

function deployment(
  pod: Record<string, unknown>,
  selector: Record<string, string> = labels,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: selector }, template: { metadata: { labels }, spec: pod } },
  };
}

const container = { name: 'web', image: 'nginx' };

test('a valid workload and Service break no rule', () => {
  const objects = [
    deployment({ containers: [container], restartPolicy: 'Always' }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: labels, ports: [{ name: 'http', port: 80 }] },
    },
  ];
  assert.deepEqual(ruleViolations(objects), []);
  checkRules(objects);
});

test('the rules catch what other converters write and clusters refuse', () => {
  const bad = [
    deployment(
      {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'web',
            image: 'nginx',
            imagePullPolicy: 'Missing',
            securityContext: { runAsUser: '101:101', sysctls: [] },
            envFrom: [{ configMapRef: { name: 'absent' } }],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
        volumes: [{ name: 'claim', persistentVolumeClaim: { claimName: 'data' } }],
      },
      { 'app.kubernetes.io/name': 'other' },
    ),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'Web_1' },
      spec: { selector: { app: 'none' }, ports: [{ port: 80 }, { port: 81 }] },
    },
  ] as KubernetesObject[];
  const v = ruleViolations(bad).join('\n');
  for (const expected of [
    /Deployment\/web: the selector does not match/,
    /restartPolicy Never is not allowed in a Deployment/,
    /imagePullPolicy "Missing"/,
    /runAsUser must be a non-negative integer/,
    /sysctls belong to the pod's securityContext/,
    /ConfigMap absent is missing/,
    /mounts unknown volume data/,
    /PersistentVolumeClaim data is missing/,
    /Service\/Web_1: invalid name/,
    /Service\/Web_1: the selector matches no pod/,
    /Service\/Web_1: unnamed port/,
  ]) {
    assert.match(v, expected);
  }
  assert.throws(
    () => {
      checkRules(bad);
    },
    (err: unknown) => isComposeError(err, 'CONVERT') && /a flotilla bug/.test(err.message),
  );
});

test('objects declared external may be referred to without being in the manifests', () => {
  const objects = [
    deployment({
      containers: [container],
      volumes: [
        { name: 'claim', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'secret', secret: { secretName: 'tls' } },
      ],
    }),
  ];
  assert.equal(ruleViolations(objects).length, 2);
  assert.deepEqual(
    ruleViolations(objects, {
      PersistentVolumeClaim: new Set(['data']),
      Secret: new Set(['tls']),
    }),
    [],
  );
});
