import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveEndpoint } from './endpoint.js';
import { isEngineError } from './errors.js';

function configDir(): string {
  return mkdtempSync(join(tmpdir(), 'flotilla-docker-config-'));
}

function addContext(
  dir: string,
  name: string,
  endpoint: object,
  tls?: Record<string, string>,
): void {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
  writeFileSync(
    join(dir, 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Endpoints: { docker: endpoint } }),
  );
  if (tls) {
    const t = join(dir, 'contexts', 'tls', id, 'docker');
    mkdirSync(t, { recursive: true });
    for (const [f, v] of Object.entries(tls)) writeFileSync(join(t, f), v);
  }
}

test('endpoint defaults to the local unix socket', () => {
  const dir = configDir();
  try {
    const e = resolveEndpoint({ env: {}, configDir: dir });
    assert.equal(e.host, 'unix:///var/run/docker.sock');
    assert.equal(e.context, 'default');
    assert.equal(e.tls, undefined);
    assert.equal(e.apiVersion, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('endpoint DOCKER_HOST tcp with TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', () => {
  const dir = configDir();
  try {
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'cert.pem'), 'CERT');
    writeFileSync(join(dir, 'key.pem'), 'KEY');
    const e = resolveEndpoint({
      env: { DOCKER_HOST: 'tcp://10.0.0.1', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir },
      configDir: '/nonexistent',
    });
    assert.deepEqual(e.address, {
      kind: 'tcp',
      hostname: '10.0.0.1',
      port: 2376,
      https: false,
      basePath: '',
    });
    assert.equal(e.tls?.verify, true);
    assert.equal(e.tls.ca?.toString(), 'CA');
    assert.equal(e.tls.key?.toString(), 'KEY');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('endpoint DOCKER_HOST wins over config.json currentContext; DOCKER_API_VERSION kept', () => {
  const dir = configDir();
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    const e = resolveEndpoint({
      env: { DOCKER_HOST: 'unix:///tmp/other.sock', DOCKER_API_VERSION: '1.41' },
      configDir: dir,
    });
    assert.equal(e.context, 'default');
    assert.equal(e.host, 'unix:///tmp/other.sock');
    assert.equal(e.apiVersion, '1.41');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('endpoint currentContext in config.json selects the context store entry', () => {
  const dir = configDir();
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    addContext(
      dir,
      'remote',
      { Host: 'tcp://192.0.2.1:2376', SkipTLSVerify: true },
      { 'ca.pem': 'C' },
    );
    const e = resolveEndpoint({ env: {}, configDir: dir });
    assert.equal(e.context, 'remote');
    assert.equal(e.host, 'tcp://192.0.2.1:2376');
    assert.equal(e.tls?.verify, false);
    assert.equal(e.tls.ca?.toString(), 'C');
    // DOCKER_CONTEXT and --context override config.json
    addContext(dir, 'local', { Host: 'unix:///run/x.sock' });
    assert.equal(
      resolveEndpoint({ env: { DOCKER_CONTEXT: 'local' }, configDir: dir }).host,
      'unix:///run/x.sock',
    );
    assert.equal(resolveEndpoint({ env: {}, context: 'local', configDir: dir }).context, 'local');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('endpoint configuration errors are EngineErrors with code ECONFIG', () => {
  const dir = configDir();
  try {
    const missing = (): unknown =>
      resolveEndpoint({ env: { DOCKER_CONTEXT: 'nope' }, configDir: dir });
    assert.throws(missing, (err: unknown) => {
      assert.ok(isEngineError(err, 0));
      assert.equal(err.code, 'ECONFIG');
      assert.match(err.message, /Docker context "nope" not found/);
      return true;
    });
    writeFileSync(join(dir, 'config.json'), '{ nope');
    assert.throws(
      () => resolveEndpoint({ env: {}, configDir: dir }),
      /cannot parse .*config\.json/,
    );
    assert.throws(
      () => resolveEndpoint({ env: { DOCKER_HOST: 'ssh://x' }, configDir: dir }),
      /ssh:\/\/ is not supported/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
