// The real Kubernetes test cluster (scripts/setup/kubernetes.sh) through flotilla's API client:
// objects applied server-side become running pods on the local engine, a watch sees them, a
// Service answers by name through the cluster's DNS, and a claim binds and holds data.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isKubeError, type KubeObject, type WatchEvent } from '../../src/kube/index.js';
import { K8S_TEST_LABEL, k8sScope, waitFor } from './support/k8s.js';

const scope = k8sScope('cluster', 'full');

interface PodStatus {
  phase?: string;
  containerStatuses?: { ready: boolean; state?: Record<string, { reason?: string }> }[];
}
type Pod = KubeObject & { status?: PodStatus };

// Server-side apply in 1.20 needs `protocol` in port lists (its list-map keys); later
// releases default it.
const apply = (object: KubeObject): Promise<KubeObject> =>
  scope.kube.apply(object, { fieldManager: 'flotilla-e2e', force: true });

test('applied objects run on the local engine and the Service answers by name through the cluster DNS', async () => {
  const { kube, namespace: ns, info } = scope;
  const token = randomBytes(8).toString('hex');
  const labels = { 'app.kubernetes.io/name': 'web', [K8S_TEST_LABEL]: ns };
  const podEvents: WatchEvent<Pod>[] = [];
  const watch = await kube.watch<Pod>(await kube.collectionPath('v1', 'Pod', ns));
  const watching = (async () => {
    for await (const e of watch) podEvents.push(e);
  })();

  await apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-content' },
    data: { 'index.html': `hello from ${ns}\n` },
  });
  await apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-token' },
    stringData: { token },
  });
  await apply({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'web-data' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Mi' } } },
  });
  await apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'web',
              image: 'busybox:latest',
              imagePullPolicy: 'Never',
              command: [
                'sh',
                '-c',
                'cp /token/token /data/token && echo serving && exec httpd -f -p 8080 -h /content',
              ],
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
              volumeMounts: [
                { name: 'content', mountPath: '/content' },
                { name: 'token', mountPath: '/token' },
                { name: 'data', mountPath: '/data' },
              ],
            },
          ],
          volumes: [
            { name: 'content', configMap: { name: 'web-content' } },
            { name: 'token', secret: { secretName: 'web-token' } },
            { name: 'data', persistentVolumeClaim: { claimName: 'web-data' } },
          ],
        },
      },
    },
  });
  await apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: {
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  });

  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: ns };
  await waitFor('Deployment web available', async () => {
    const d = await kube.getObject<KubeObject & { status?: { availableReplicas?: number } }>(ref);
    return d.status?.availableReplicas === 1 ? true : undefined;
  });
  const [pod] = await kube.listObjects<Pod>('v1', 'Pod', {
    namespace: ns,
    labelSelector: 'app.kubernetes.io/name=web',
  });
  assert.ok(
    podEvents.some((e) => e.type === 'ADDED' && e.object.metadata.name === pod.metadata.name),
    'the watch saw the pod arrive',
  );
  watch.close();
  await watching;
  assert.match(await kube.logs(pod.metadata.name!, { namespace: ns }), /^serving$/m);
  // Following the log: the first chunk comes while the container keeps running.
  const follow = await kube.followLogs(pod.metadata.name!, { namespace: ns });
  const first = (await follow[Symbol.asyncIterator]().next()) as IteratorResult<Buffer>;
  follow.destroy();
  assert.match(String(first.value), /^serving$/m);

  // The claim is bound to a hostPath volume that holds what the pod wrote from its Secret.
  const claim = await kube.getObject<
    KubeObject & { spec: { volumeName: string }; status: { phase: string } }
  >({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    name: 'web-data',
    namespace: ns,
  });
  assert.equal(claim.status.phase, 'Bound');
  const volume = await kube.getObject<KubeObject & { spec: { hostPath: { path: string } } }>({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    name: claim.spec.volumeName,
  });
  assert.equal(readFileSync(join(volume.spec.hostPath.path, 'token'), 'utf8'), token);

  // A second pod reaches the Service by its short name, namespace-qualified name and FQDN.
  const names = ['web', `web.${ns}`, `web.${ns}.svc.${info.clusterDomain}`];
  await apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'client', labels: { [K8S_TEST_LABEL]: ns } },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'client',
          image: 'busybox:latest',
          imagePullPolicy: 'IfNotPresent',
          command: [
            'sh',
            '-c',
            `for n in ${names.join(' ')}; do echo "== $n"; printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 10 $n 80 || exit 1; done`,
          ],
        },
      ],
    },
  });
  const phase = await waitFor('pod client finished', async () => {
    const p = await kube.getObject<Pod>({
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'client',
      namespace: ns,
    });
    return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
      ? p.status.phase
      : undefined;
  });
  const log = await kube.logs('client', { namespace: ns });
  assert.equal(phase, 'Succeeded', log);
  for (const n of names) {
    assert.ok(log.includes(`== ${n}\nHTTP/1.1 200 OK`), `${n} answered:\n${log}`);
  }
  assert.equal(log.split(`hello from ${ns}`).length - 1, names.length, log);

  const clientRef = { apiVersion: 'v1', kind: 'Pod', name: 'client', namespace: ns };
  await kube.deleteObject(clientRef, { gracePeriodSeconds: 0 });
  await waitFor('pod client gone', () =>
    kube.getObject(clientRef).then(
      () => undefined,
      (err: unknown) => {
        if (isKubeError(err, 404)) return true;
        throw err;
      },
    ),
  );
});
