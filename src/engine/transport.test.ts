// tcp and TLS transports against small local servers (127.0.0.1 only).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineClient } from './client.js';
import { resolveEndpoint } from './endpoint.js';
import { isEngineError } from './errors.js';

const handler: http.RequestListener = (req, res) => {
  if (req.url?.endsWith('/_ping') === true) {
    res.setHeader('API-Version', '1.41');
    res.end('OK');
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ url: req.url }));
};

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

test('transport tcp DOCKER_HOST with a base path', async () => {
  const server = http.createServer(handler);
  const port = await listen(server);
  try {
    const endpoint = resolveEndpoint({
      env: { DOCKER_HOST: `tcp://127.0.0.1:${port}/proxy` },
      configDir: '/nonexistent',
    });
    const c = new EngineClient(endpoint);
    // The base path prefixes every request, the ping included.
    assert.deepEqual(await c.version(), { url: '/proxy/v1.41/version' });
    c.close();
    const plain = new EngineClient(
      resolveEndpoint({
        env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` },
        configDir: '/nonexistent',
      }),
    );
    assert.deepEqual(await plain.version(), { url: '/v1.41/version' });
    plain.close();
  } finally {
    server.close();
  }
});

test('transport TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    execFileSync('cp', [join(dir, 'cert.pem'), join(dir, 'ca.pem')]);
    const server = https.createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      handler,
    );
    const port = await listen(server);
    try {
      const env = {
        DOCKER_HOST: `tcp://127.0.0.1:${port}`,
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: dir,
      };
      const c = new EngineClient(resolveEndpoint({ env, configDir: '/nonexistent' }));
      assert.deepEqual(await c.info(), { url: '/v1.41/info' });
      c.close();
      // Without the CA the certificate is refused.
      const untrusted = new EngineClient(
        resolveEndpoint({
          env: { ...env, DOCKER_CERT_PATH: join(dir, 'missing') },
          configDir: '/nonexistent',
        }),
      );
      await assert.rejects(untrusted.info(), (e: unknown) => isEngineError(e, 0));
      untrusted.close();
    } finally {
      server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseResponse: status, headers, plain, chunked and truncated bodies', async () => {
  const { parseResponse } = await import('./transport.js');
  const plain = parseResponse(
    Buffer.from(
      'HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n\r\n[{"Name":"é"}]',
    ),
  );
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.statusMessage, 'OK');
  assert.equal(plain.headers['api-version'], '1.41');
  assert.equal(plain.text, '[{"Name":"é"}]');
  const chunked = parseResponse(
    Buffer.from(
      'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"mes\r\nd\r\nsage":"gone"}\r\n0\r\n\r\n',
    ),
  );
  assert.equal(chunked.statusCode, 404);
  assert.equal(chunked.text, '{"message":"gone"}');
  assert.throws(
    () => parseResponse(Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\n[]')),
    /truncated HTTP answer from the engine: 2 of 10 bytes/,
  );
  assert.throws(() => parseResponse(Buffer.from('HTTP/1.0 200 OK\r\n')), /incomplete/);
  assert.throws(() => parseResponse(Buffer.from('SSH-2.0\r\n\r\n')), /malformed HTTP answer/);
});
