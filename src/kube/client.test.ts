// The client against a fake API server on plain HTTP: request shapes (apply, dry-run, lists,
// logs), discovery and paths, Status answers as KubeErrors, watches. The real API server is
// exercised in test/e2e/k8s-cluster.test.ts.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { KubeClient } from './client.js';
import { isKubeError } from './errors.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Seen, res: http.ServerResponse) => void;

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let handler: Handler = (_req, res) => res.end('{}');

const discovery: Record<string, unknown> = {
  '/api': { versions: ['v1'] },
  '/apis': {
    groups: [
      { versions: [{ groupVersion: 'apps/v1' }] },
      { versions: [{ groupVersion: 'batch/v1' }, { groupVersion: 'batch/v1beta1' }] },
      { versions: [{ groupVersion: 'metrics.k8s.io/v1beta1' }] },
    ],
  },
  '/api/v1': {
    groupVersion: 'v1',
    resources: [
      { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list'] },
      { name: 'pods/log', kind: 'Pod', namespaced: true },
      { name: 'namespaces', kind: 'Namespace', namespaced: false },
      { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
    ],
  },
  '/apis/apps/v1': {
    groupVersion: 'apps/v1',
    resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true }],
  },
  '/apis/batch/v1': {
    groupVersion: 'batch/v1',
    resources: [{ name: 'jobs', kind: 'Job', namespaced: true }],
  },
  '/apis/batch/v1beta1': {
    groupVersion: 'batch/v1beta1',
    resources: [{ name: 'cronjobs', kind: 'CronJob', namespaced: true }],
  },
};

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      const path = s.url.split('?')[0];
      if (path === '/version') {
        res.end(JSON.stringify({ gitVersion: 'v1.20.2' }));
        return;
      }
      if (path === '/apis/metrics.k8s.io/v1beta1') {
        res.statusCode = 503;
        res.end('service unavailable');
        return;
      }
      if (s.method === 'GET' && path in discovery) {
        res.end(JSON.stringify(discovery[path]));
        return;
      }
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

function client(token?: string): KubeClient {
  return new KubeClient({
    server: base,
    context: 'test',
    namespace: 'team',
    tls: { insecure: false },
    token,
  });
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1 },
};

test('client apply is a server-side apply PATCH with fieldManager, force and dryRun', async () => {
  seen.length = 0;
  handler = (req, res) => res.end(req.body);
  const kube = client('tok');
  const out = await kube.apply(deployment, { fieldManager: 'flotilla', force: true, dryRun: true });
  assert.deepEqual(out, deployment);
  const [req] = seen;
  assert.equal(req.method, 'PATCH');
  assert.equal(
    req.url,
    '/apis/apps/v1/namespaces/team/deployments/web?fieldManager=flotilla&force=true&dryRun=All',
  );
  assert.equal(req.headers['content-type'], 'application/apply-patch+yaml');
  assert.equal(req.headers.authorization, 'Bearer tok');
  assert.deepEqual(JSON.parse(req.body), deployment);
  kube.close();
});

test('client paths: cluster-scoped kinds have no namespace, null means all namespaces', async () => {
  const kube = client();
  assert.equal(
    await kube.objectPath({ apiVersion: 'v1', kind: 'Namespace', name: 'x', namespace: 'ignored' }),
    '/api/v1/namespaces/x',
  );
  assert.equal(await kube.collectionPath('v1', 'Pod', null), '/api/v1/pods');
  assert.equal(await kube.collectionPath('v1', 'Pod', 'a b'), '/api/v1/namespaces/a%20b/pods');
  const resources = await kube.discover();
  assert.equal(resources.find('v1', 'Pod')?.name, 'pods', 'subresources do not shadow kinds');
  assert.ok(
    !resources.servesGroupVersion('metrics.k8s.io/v1beta1'),
    'an unavailable group is left out',
  );
  kube.close();
});

test('client reports a kind the server does not serve, with the versions it does serve', async () => {
  const kube = client();
  await assert.rejects(
    kube.apply(
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' } },
      { fieldManager: 'f' },
    ),
    (err: unknown) =>
      isKubeError(err, 404) &&
      err.code === 'ENOTSERVED' &&
      err.message ===
        'batch/v1 CronJob is not served by this API server (Kubernetes v1.20.2); it serves CronJob as batch/v1beta1',
  );
  kube.close();
});

test('client turns a Status answer into a KubeError with reason, message and causes', async () => {
  handler = (_req, res) => {
    res.statusCode = 422;
    res.end(
      JSON.stringify({
        kind: 'Status',
        status: 'Failure',
        reason: 'Invalid',
        code: 422,
        message:
          'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never"',
        details: {
          name: 'web',
          kind: 'Deployment',
          causes: [{ field: 'spec.template.spec.restartPolicy' }],
        },
      }),
    );
  };
  const kube = client();
  await assert.rejects(kube.create(deployment, { dryRun: true }), (err: unknown) => {
    assert.ok(isKubeError(err, 422));
    assert.equal(err.reason, 'Invalid');
    assert.equal(err.method, 'POST');
    assert.equal(err.path, '/apis/apps/v1/namespaces/team/deployments');
    assert.match(err.message, /restartPolicy: Unsupported value: "Never"/);
    assert.equal(err.details?.causes?.[0].field, 'spec.template.spec.restartPolicy');
    return true;
  });
  assert.equal(seen.at(-1)?.url, '/apis/apps/v1/namespaces/team/deployments?dryRun=All');
  handler = (_req, res) => {
    res.statusCode = 502;
    res.end('bad gateway');
  };
  await assert.rejects(kube.get('/api/v1/namespaces/x'), (err: unknown) => {
    return isKubeError(err, 502) && err.reason === '' && err.message === 'bad gateway';
  });
  kube.close();
});

test('client reports an unreachable server with status 0 and the system code', async () => {
  const kube = new KubeClient({
    server: 'http://127.0.0.1:1',
    context: 't',
    namespace: 'd',
    tls: { insecure: false },
  });
  await assert.rejects(kube.version(), (err: unknown) => {
    return (
      isKubeError(err, 0) &&
      err.code === 'ECONNREFUSED' &&
      /cannot reach .*127\.0\.0\.1:1/.test(err.message)
    );
  });
});

test('client listObjects follows continue tokens', async () => {
  seen.length = 0;
  handler = (req, res) => {
    const more = !req.url.includes('continue=');
    res.end(
      JSON.stringify({
        metadata: { continue: more ? 'next page' : '' },
        items: [{ metadata: { name: more ? 'a' : 'b' } }],
      }),
    );
  };
  const kube = client();
  const items = await kube.listObjects('v1', 'ConfigMap', { labelSelector: 'app=x' });
  assert.deepEqual(
    items.map((i) => i.metadata.name),
    ['a', 'b'],
  );
  assert.equal(
    seen[1].url,
    '/api/v1/namespaces/team/configmaps?labelSelector=app%3Dx&limit=500&continue=next%20page',
  );
  kube.close();
});

test('client watch yields events and throws an ERROR event as a KubeError', async () => {
  handler = (_req, res) => {
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
    res.write(
      `${JSON.stringify({ type: 'MODIFIED', object: { metadata: { name: 'a' } } })}\n{"type":"ERR`,
    );
    res.end(
      `OR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}}\n`,
    );
  };
  const kube = client();
  const stream = await kube.watch('/api/v1/namespaces/team/pods', { resourceVersion: '5' });
  assert.match(seen.at(-1)?.url ?? '', /watch=true&allowWatchBookmarks=true&resourceVersion=5/);
  const types: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const e of stream) types.push(e.type);
    })(),
    (err: unknown) => isKubeError(err, 410) && err.reason === 'Expired' && err.code === 'ESTREAM',
  );
  assert.deepEqual(types, ['ADDED', 'MODIFIED']);
  kube.close();
});

test('client watch ends quietly when closed', async () => {
  handler = (_req, res) => {
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
  };
  const kube = client();
  const stream = await kube.watch('/api/v1/pods');
  const names: string[] = [];
  for await (const e of stream) {
    names.push(String(e.object.metadata.name));
    stream.close();
  }
  assert.deepEqual(names, ['a']);
  kube.close();
});

test('client logs read text with the options as query', async () => {
  handler = (_req, res) => res.end('line 1\nline 2\n');
  const kube = client();
  const text = await kube.logs('web-1', { container: 'app', tailLines: 2, previous: true });
  assert.equal(text, 'line 1\nline 2\n');
  assert.equal(
    seen.at(-1)?.url,
    '/api/v1/namespaces/team/pods/web-1/log?container=app&tailLines=2&previous=true',
  );
  kube.close();
});
