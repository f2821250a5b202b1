// Kubeconfig resolution: which file, context, cluster and user, merged as kubectl merges.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isKubeError } from './errors.js';
import { loadKubeconfig } from './kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-kubeconfig-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const base64 = (s: string): string => Buffer.from(s).toString('base64');

const config = {
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': 'dev',
  clusters: [
    {
      name: 'c-dev',
      cluster: { server: 'https://10.0.0.1:6443/', 'certificate-authority-data': base64('CA-DEV') },
    },
    {
      name: 'c-prod',
      cluster: {
        server: 'https://prod:443',
        'certificate-authority': 'certs/ca.pem',
        'tls-server-name': 'api.prod',
      },
    },
  ],
  users: [
    {
      name: 'u-dev',
      user: { 'client-certificate-data': base64('CERT'), 'client-key-data': base64('KEY') },
    },
    { name: 'u-prod', user: { tokenFile: 'certs/token' } },
    { name: 'u-exec', user: { exec: { command: 'aws' } } },
  ],
  contexts: [
    { name: 'dev', context: { cluster: 'c-dev', user: 'u-dev' } },
    { name: 'prod', context: { cluster: 'c-prod', user: 'u-prod', namespace: 'shop' } },
    { name: 'cloud', context: { cluster: 'c-prod', user: 'u-exec' } },
    { name: 'broken', context: { cluster: 'nowhere', user: 'u-dev' } },
  ],
};
mkdirSync(join(dir, 'certs'));
writeFileSync(join(dir, 'certs', 'ca.pem'), 'CA-PROD');
writeFileSync(join(dir, 'certs', 'token'), 'sekret\n');
const main = write('config.json', config);

test('kubeconfig uses the current context with inline data and the default namespace', () => {
  const e = loadKubeconfig({ kubeconfig: main, env: {} });
  assert.equal(e.server, 'https://10.0.0.1:6443');
  assert.equal(e.context, 'dev');
  assert.equal(e.namespace, 'default');
  assert.equal(e.tls.ca?.toString(), 'CA-DEV');
  assert.equal(e.tls.cert?.toString(), 'CERT');
  assert.equal(e.tls.key?.toString(), 'KEY');
  assert.equal(e.token, undefined);
});

test('kubeconfig --context picks another one; relative files resolve beside the kubeconfig', () => {
  const e = loadKubeconfig({ kubeconfig: main, context: 'prod', env: {} });
  assert.equal(e.namespace, 'shop');
  assert.equal(e.tls.ca?.toString(), 'CA-PROD');
  assert.equal(e.tls.serverName, 'api.prod');
  assert.equal(e.token, 'sekret');
  assert.equal(
    loadKubeconfig({ kubeconfig: main, context: 'prod', namespace: 'x', env: {} }).namespace,
    'x',
  );
});

test('kubeconfig comes from KUBECONFIG, merged: the first definition and current-context win', () => {
  const first = write('first.json', {
    clusters: [{ name: 'c-dev', cluster: { server: 'https://override:1' } }],
    contexts: [],
  });
  const e = loadKubeconfig({ env: { KUBECONFIG: `${first}:${join(dir, 'missing')}:${main}` } });
  assert.equal(e.server, 'https://override:1');
  assert.equal(e.context, 'dev');
});

test('kubeconfig in YAML needs the injected parser and says so without it', () => {
  const yamlFile = write('config.yaml', 'current-context: dev\n');
  assert.throws(
    () => loadKubeconfig({ kubeconfig: yamlFile, env: {} }),
    (err: unknown) => isKubeError(err) && err.code === 'ECONFIG' && /YAML parser/.test(err.message),
  );
  const e = loadKubeconfig({
    kubeconfig: yamlFile,
    env: {},
    parseYaml: (text, file) => {
      assert.equal(file, yamlFile);
      assert.match(text, /current-context/);
      return config;
    },
  });
  assert.equal(e.context, 'dev');
});

test('kubeconfig errors name the context, cluster or plugin at fault', () => {
  const cases: [string, RegExp][] = [
    ['nope', /context "nope" not found in .*config\.json \(known: dev, prod, cloud, broken\)/],
    ['broken', /names cluster "nowhere", which is not defined/],
    ['cloud', /credential plugin/],
  ];
  for (const [context, message] of cases) {
    assert.throws(
      () => loadKubeconfig({ kubeconfig: main, context, env: {} }),
      (err: unknown) => isKubeError(err, 0) && err.code === 'ECONFIG' && message.test(err.message),
      context,
    );
  }
  assert.throws(
    () => loadKubeconfig({ kubeconfig: join(dir, 'absent'), env: {} }),
    (err: unknown) => isKubeError(err) && /cannot read kubeconfig .*absent/.test(err.message),
  );
});

test('kubeconfig falls back to ~/.kube/config', () => {
  const home = join(dir, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(join(home, '.kube', 'config'), JSON.stringify(config));
  assert.equal(loadKubeconfig({ env: { HOME: home } }).server, 'https://10.0.0.1:6443');
});
