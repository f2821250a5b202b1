// `flotilla k8s logs` flags as the CLI parses them, against a fake API server on plain HTTP:
// after a nested command (`k8s logs`), `-f` is its own --follow, not the group's copy of the
// global --file, and --tail reaches the API as tailLines. The real cluster is exercised in
// test/e2e/k8s-deploy.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const cli = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'flotilla-k8s-flags-'));
const logRequests: URL[] = [];
let server: http.Server;
let kubeconfig: string;

const discovery: Record<string, unknown> = {
  '/api': { versions: ['v1'] },
  '/apis': { groups: [] },
  '/api/v1': {
    groupVersion: 'v1',
    resources: [{ name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list'] }],
  },
};

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'ns',
    labels: { 'app.kubernetes.io/part-of': 'demo', 'app.kubernetes.io/name': 'web' },
  },
  spec: { containers: [{ name: 'web', image: 'busybox' }] },
};

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    res.setHeader('Content-Type', 'application/json');
    if (url.pathname in discovery) {
      res.end(JSON.stringify(discovery[url.pathname]));
    } else if (url.pathname === '/api/v1/namespaces/ns/pods') {
      res.end(JSON.stringify({ kind: 'PodList', metadata: {}, items: [pod] }));
    } else if (url.pathname === '/api/v1/namespaces/ns/pods/web-1/log') {
      logRequests.push(url);
      res.setHeader('Content-Type', 'text/plain');
      // A followed log arrives in pieces; the log ends when the container does.
      res.write('first\nsec');
      setTimeout(() => res.end('ond\n'), 50);
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ kind: 'Status', code: 404, message: `no ${url.pathname}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: `http://127.0.0.1:${String(port)}` } }],
      users: [{ name: 'fake', user: {} }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'ns' } }],
      'current-context': 'fake',
    }),
  );
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
});

after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('close', (code) => {
      resolve({ code, out });
    });
  });
}

for (const args of [
  ['-p', 'demo', 'k8s', 'logs', '-f', '--tail', '1', 'web'],
  ['-p', 'demo', '-f', 'compose.yaml', 'k8s', 'logs', '-f', 'web', '-n', '1'],
  ['k8s', '-p', 'demo', 'logs', 'web', '--follow', '--tail=1'],
]) {
  test(`${args.join(' ')}: follows the log with tailLines=1`, async () => {
    logRequests.length = 0;
    const r = await run(args);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, 'web-1 | first\nweb-1 | second\n');
    assert.equal(logRequests.length, 1);
    assert.equal(logRequests[0].searchParams.get('follow'), 'true');
    assert.equal(logRequests[0].searchParams.get('tailLines'), '1');
    assert.equal(logRequests[0].searchParams.get('container'), 'web');
  });
}

test('k8s logs without -f reads the log once', async () => {
  logRequests.length = 0;
  const r = await run(['-p', 'demo', 'k8s', 'logs', 'web']);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out, 'web-1 | first\nweb-1 | second\n');
  assert.equal(logRequests[0].searchParams.get('follow'), null);
});
