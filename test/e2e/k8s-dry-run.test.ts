// Server-side dry-run on the real Kubernetes API server (apiserver-only is enough): each object is
// accepted, rejected with the server's own message, or reported as not served by this version;
// nothing is stored. Discovery maps apiVersion/kind to paths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKubeError } from '../../src/kube/index.js';
import { dryRunAll, k8sScope, readManifests } from './support/k8s.js';

const scope = k8sScope('dryrun', 'apiserver-only');

test('cluster serves Kubernetes 1.20 and discovery maps kinds to paths', async () => {
  const { kube } = scope;
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
  const { kube, namespace: ns } = scope;
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
  // The namespace exists already: checked as an update (server-side apply, dry-run).
  const existing = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns, labels: { tier: 'test' } },
  };
  const [rejected, accepted, updated] = await dryRunAll(kube, [bad, good, existing]);
  assert.equal(rejected.outcome, 'rejected');
  assert.equal(rejected.status, 422);
  assert.equal(rejected.reason, 'Invalid');
  assert.match(
    rejected.message ?? '',
    /spec\.template\.spec\.restartPolicy: Unsupported value: "Never": supported values: "Always"/,
  );
  assert.equal(accepted.outcome, 'accepted');
  assert.deepEqual([updated.id, updated.outcome], [`Namespace/${ns}`, 'accepted']);
  const live = await kube.getObject({ apiVersion: 'v1', kind: 'Namespace', name: ns });
  assert.equal(live.metadata.labels?.tier, undefined, 'the dry-run changed nothing');
  await assert.rejects(
    kube.getObject({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace: ns }),
    (err: unknown) => isKubeError(err, 404) && err.reason === 'NotFound',
  );
});

test('dry-run of a manifest directory: one result per object, newer APIs reported as unsupported', async () => {
  const { kube, namespace: ns } = scope;
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

// Layer 3 of the converter's validation: every object of every conversion fixture's golden
// manifests (which the unit tests prove equal to what `convert` writes) passes the real API
// server's validation and admission. Objects on an API newer than the cluster's 1.20 would be
// `unsupported` (validated by layers 1 and 2 only); none of the fixtures needs one today, and
// the test lists them should that change.
test('every conversion fixture: each object passes the API server dry-run', async (t) => {
  const { kube, namespace: ns } = scope;
  const { goldenManifests } = await import('../../src/convert/kubernetes/conversion.fixture.js');
  const fixtures = goldenManifests();
  assert.ok(fixtures.length >= 20, `${String(fixtures.length)} fixtures`);
  const rejected: string[] = [];
  const newer: string[] = [];
  let accepted = 0;
  for (const { fixture, file } of fixtures) {
    const objects = readManifests(file);
    assert.ok(objects.length > 0, `${fixture}: no objects`);
    for (const r of await dryRunAll(kube, objects, { namespace: ns })) {
      if (r.outcome === 'accepted') accepted++;
      else if (r.outcome === 'unsupported') newer.push(`${fixture}: ${r.id}: ${r.message ?? ''}`);
      else rejected.push(`${fixture}: ${r.id}: ${r.message ?? ''}`);
    }
  }
  t.diagnostic(
    `${String(accepted)} objects of ${String(fixtures.length)} fixtures accepted; ` +
      `newer than 1.20 (layers 1-2 only): ${newer.length === 0 ? 'none' : newer.join('; ')}`,
  );
  assert.deepEqual(rejected, []);
  assert.deepEqual(newer, [], 'no fixture object needs an API newer than 1.20');
});
