// Server-side dry-run on the real Kubernetes API server (apiserver-only is enough): each object is
// accepted, rejected with the server's own message, or reported as not served by this version;
// nothing is stored. Discovery maps apiVersion/kind to paths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isKubeError, type KubeClient } from '../../src/kube/index.js';
import {
  dryRunAll,
  ensureCluster,
  kubeClient,
  readManifests,
  testNamespace,
} from './support/k8s.js';

let kube: KubeClient;
let ns: string;

before(
  async () => {
    kube = kubeClient(await ensureCluster('apiserver-only'));
    ns = await testNamespace(kube, 'dryrun');
  },
  { timeout: 60 * 60_000 },
);

after(() => {
  kube.close();
});

test('cluster serves Kubernetes 1.20 and discovery maps kinds to paths', async () => {
  assert.equal((await kube.version()).gitVersion, 'v1.20.2');
  assert.equal(
    await kube.collectionPath('apps/v1', 'Deployment', 'x'),
    '/apis/apps/v1/namespaces/x/deployments',
  );
  assert.equal(
    await kube.collectionPath('storage.k8s.io/v1', 'StorageClass'),
    '/apis/storage.k8s.io/v1/storageclasses',
  );
  await assert.rejects(kube.resourceFor('batch/v1', 'CronJob'), (err: unknown) => {
    return (
      isKubeError(err, 404) &&
      err.code === 'ENOTSERVED' &&
      /it serves CronJob as batch\/v1beta1/.test(err.message)
    );
  });
});

test('server-side dry-run rejects an invalid object with the server message and stores nothing', async () => {
  const bad = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bad', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'bad' } },
      template: {
        metadata: { labels: { app: 'bad' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'bad', image: 'busybox:latest' }] },
      },
    },
  };
  const good = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'dry', namespace: ns },
    data: { a: '1' },
  };
  const [rejected, accepted] = await dryRunAll(kube, [bad, good]);
  assert.equal(rejected.outcome, 'rejected');
  assert.equal(rejected.status, 422);
  assert.equal(rejected.reason, 'Invalid');
  assert.match(
    rejected.message ?? '',
    /spec\.template\.spec\.restartPolicy: Unsupported value: "Never": supported values: "Always"/,
  );
  assert.equal(accepted.outcome, 'accepted');
  await assert.rejects(
    kube.getObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace: ns }),
    (err: unknown) => isKubeError(err, 404) && err.reason === 'NotFound',
  );
});

test('dry-run of a manifest directory: one result per object, newer APIs reported as unsupported', async () => {
  const manifests = readManifests(join(import.meta.dirname, 'testdata/k8s-dry-run/manifests'));
  const results = await dryRunAll(kube, manifests, { namespace: ns });
  assert.deepEqual(
    results.map((r) => [r.source, r.id, r.outcome]),
    [
      ['10-app.yaml#0', `ConfigMap/${ns}/app-config`, 'accepted'],
      ['10-app.yaml#1', `Deployment/${ns}/app`, 'accepted'],
      ['10-app.yaml#2', `Service/${ns}/app`, 'accepted'],
      ['20-broken.yaml#0', `Deployment/${ns}/one-shot`, 'rejected'],
      ['30-newer-api.yaml#0', `CronJob/${ns}/nightly`, 'unsupported'],
    ],
  );
  assert.match(results[3].message ?? '', /restartPolicy: Unsupported value: "Never"/);
  assert.match(
    results[4].message ?? '',
    /batch\/v1 CronJob is not served by this API server \(Kubernetes v1\.20\.2\)/,
  );
});
