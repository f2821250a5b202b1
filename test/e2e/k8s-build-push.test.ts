// `flotilla k8s deploy --build --push` on the real test cluster (scripts/setup/kubernetes.sh) and
// the local registry 127.0.0.1:5050 (scripts/setup/registry.sh): the service's image is built
// by flotilla, pushed to the repository its `image:` names, and deployed pinned by the digest
// the registry holds; the node pulls it from the registry (imagePullPolicy Always) and runs it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../src/kube/index.js';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';
import { k8sScope, waitFor } from './support/k8s.js';

const scope = k8sScope('buildpush', 'full');
const project = `fe2e-bp-${randomBytes(3).toString('hex')}`;
const REGISTRY = '127.0.0.1:5050';
const repository = `${REGISTRY}/${project}/app`;
const image = `${repository}:1`;
const composeFile = join(import.meta.dirname, 'testdata/k8s-build-push/compose.yaml');

function k8s(args: readonly string[]): Promise<CliResult> {
  return runFlotilla(
    ['-p', project, '-f', composeFile, 'k8s', ...args, '--namespace', scope.namespace],
    { env: { ...process.env, KUBECONFIG: scope.info.kubeconfig, FE2E_IMAGE: image } },
  );
}

/** The digest the registry serves for a tag (the Docker-Content-Digest of its manifest). */
async function registryDigest(tag: string): Promise<string> {
  const res = await fetch(`http://${REGISTRY}/v2/${project}/app/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.index.v1+json',
      ].join(', '),
    },
  });
  assert.equal(res.status, 200, `${REGISTRY}/${project}/app:${tag}`);
  return res.headers.get('docker-content-digest') ?? '';
}

before(() => {
  ensureBuilt();
});

after(async () => {
  // The namespace is being deleted (k8sScope's hook ran first): once kubelet removed the pod's
  // containers, the local image goes too (the registry keeps its copy under the test's name).
  let id: string;
  try {
    id = execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return; // never built
  }
  await waitFor(
    `the containers of ${image} removed`,
    () =>
      Promise.resolve(
        execFileSync('docker', ['ps', '-aq', '--filter', `ancestor=${id}`], {
          encoding: 'utf8',
        }).trim() === ''
          ? true
          : undefined,
      ),
    180_000,
  );
  execFileSync('docker', ['image', 'rm', '--force', id], { stdio: 'ignore' });
});

test('k8s deploy --push without --build is a usage error that changes nothing', async () => {
  const r = await k8s(['deploy', '--push']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--push pushes the images --build builds: add --build/);
  const deployments = await scope.kube.listObjects('apps/v1', 'Deployment', {
    namespace: scope.namespace,
  });
  assert.deepEqual(deployments, []);
});

test('k8s deploy --build --push builds, pushes and deploys the image by its registry digest', async () => {
  const { kube, namespace: ns } = scope;
  const r = await k8s([
    'deploy',
    '--build',
    '--push',
    '--wait',
    '--image-pull-policy',
    'Always',
    '--wait-image',
    'busybox:latest',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^app \(Deployment\/app\): 1\/1 ready$/m);
  const digest = await registryDigest('1');
  assert.match(digest, /^sha256:[0-9a-f]{64}$/);
  const deployment = await kube.getObject<
    KubeObject & { spec: { template: { spec: { containers: { image: string }[] } } } }
  >({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'app', namespace: ns });
  assert.equal(deployment.spec.template.spec.containers[0].image, `${repository}@${digest}`);
  // The pod runs what was built (pulled from the registry by that digest).
  await waitFor('the pod to print the built marker', async () => {
    const logs = await k8s(['logs', 'app']);
    return /^app-[\w-]+ \| built-for-the-cluster$/m.test(logs.stdout) ? true : undefined;
  });
  const pods = await kube.listObjects<
    KubeObject & { status?: { containerStatuses?: { imageID: string }[] } }
  >('v1', 'Pod', { namespace: ns, labelSelector: `app.kubernetes.io/part-of=${project}` });
  assert.equal(pods.length, 1);
  assert.match(pods[0].status?.containerStatuses?.[0]?.imageID ?? '', new RegExp(`${digest}$`));

  // Deployed again unchanged: the same digest, nothing rolls out.
  const again = await k8s(['deploy', '--build', '--push', '--image-pull-policy', 'Always']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /^Deployment\/app unchanged$/m);
});
