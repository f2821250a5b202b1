// The client against a fake engine on a unix socket: version negotiation, error mapping,
// in-stream failures and connection take-over. The real engine is exercised in test/e2e/engine.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from './client.js';
import { CLIENT_MAX_API_VERSION } from './core.js';
import { parseDockerHost } from './docker-host.js';
import { isEngineError } from './errors.js';
import { collectOutput } from './streams.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let dir: string;
let socket: string;
let server: http.Server;
let engineVersion = '1.41';
let pings = 0;
const seen: string[] = [];
let handler: Handler = (_req, res) => res.end('{}');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flotilla-fake-engine-'));
  socket = join(dir, 'docker.sock');
  server = http.createServer((req, res) => {
    if (req.url === '/_ping') {
      pings++;
      res.setHeader('API-Version', engineVersion);
      res.setHeader('OSType', 'linux');
      res.end('OK');
      return;
    }
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    // As the engine does, every answer names the API version.
    res.setHeader('API-Version', engineVersion);
    handler(req, res);
  });
  server.on('upgrade', (req: http.IncomingMessage, sock: import('node:net').Socket) => {
    seen.push(`UPGRADE ${req.url ?? ''}`);
    sock.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    const frame = (kind: number, text: string): Buffer => {
      const h = Buffer.alloc(8);
      h[0] = kind;
      h.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([h, Buffer.from(text)]);
    };
    sock.on('data', (d: Buffer) => sock.write(frame(1, `echo:${d.toString()}`)));
    sock.on('end', () => {
      sock.end(frame(2, 'bye'));
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});

after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function client(apiVersion?: string): EngineClient {
  const host = `unix://${socket}`;
  return new EngineClient({
    host,
    address: parseDockerHost(host),
    tls: undefined,
    context: 'default',
    apiVersion,
  });
}

test('client negotiates the engine version once and prefixes paths', async () => {
  engineVersion = '1.41';
  handler = (_req, res) => res.end('[]');
  const before = pings;
  const c = client();
  await Promise.all([c.containers.list(), c.images.list(), c.networks.list()]);
  assert.equal(pings - before, 1);
  assert.equal(c.apiVersion, '1.41');
  assert.ok(seen.includes('GET /v1.41/containers/json'));
  assert.equal(c.supports('1.44'), false);
  c.close();
});

test('client never asks for more than it speaks', async () => {
  engineVersion = '1.99';
  const c = client();
  assert.equal(await c.negotiate(), CLIENT_MAX_API_VERSION);
  c.close();
  engineVersion = '1.41';
});

test('client DOCKER_API_VERSION skips the ping', async () => {
  const before = pings;
  const c = client('1.40');
  handler = (_req, res) => res.end('{"Version":"x"}');
  await c.version();
  assert.equal(pings, before);
  assert.equal(seen.at(-1), 'GET /v1.40/version');
  c.close();
});

test('client errors carry status, method, path and the engine message', async () => {
  handler = (_req, res) => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json');
    res.end('{"message":"No such container: nope"}');
  };
  const c = client();
  const err = await c.containers.start('nope').catch((e: unknown) => e);
  assert.ok(isEngineError(err, 404));
  assert.equal(err.message, 'No such container: nope');
  assert.equal(err.method, 'POST');
  assert.equal(err.path, '/containers/nope/start');
  handler = (_req, res) => {
    res.statusCode = 500;
    res.end('plain failure\n');
  };
  await assert.rejects(c.volumes.remove('v'), (e: unknown) => {
    assert.ok(isEngineError(e, 500));
    assert.equal(e.message, 'plain failure');
    assert.equal(e.path, '/volumes/v');
    return true;
  });
  c.close();
});

test('client 304 from start and stop is success', async () => {
  handler = (_req, res) => {
    res.statusCode = 304;
    res.end();
  };
  const c = client();
  await c.containers.start('x');
  await c.containers.stop('x', { timeout: 1 });
  assert.equal(seen.at(-1), 'POST /v1.41/containers/x/stop?t=1');
  c.close();
});

test('client a failure inside the build stream is an EngineError with code ESTREAM', async () => {
  handler = (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.write('{"stream":"Step 1/2 : FROM busybox\\n"}\r\n');
    res.end(
      '{"errorDetail":{"code":1,"message":"returned a non-zero code: 3"},"error":"returned a non-zero code: 3"}\r\n',
    );
  };
  const c = client();
  const lines: string[] = [];
  const err = await c.images
    .buildImage(Buffer.alloc(1024), {
      tags: ['a:1'],
      buildArgs: { X: '1' },
      onMessage: (m) => lines.push(m.stream ?? ''),
    })
    .catch((e: unknown) => e);
  assert.ok(isEngineError(err, 200));
  assert.equal(err.code, 'ESTREAM');
  assert.equal(err.message, 'returned a non-zero code: 3');
  assert.deepEqual(lines, ['Step 1/2 : FROM busybox\n']);
  assert.match(
    seen.at(-1) ?? '',
    /^POST \/v1\.41\/build\?t=a%3A1&buildargs=%7B%22X%22%3A%221%22%7D$/,
  );
  handler = (_req, res) =>
    res.end('{"aux":{"ID":"sha256:abc"}}\n{"stream":"Successfully built abc\\n"}\n');
  assert.equal(await c.images.buildImage(Buffer.alloc(1024)), 'sha256:abc');
  c.close();
});

test('client an unreachable engine is a status 0 EngineError naming the host', async () => {
  const host = `unix://${join(dir, 'missing.sock')}`;
  const c = new EngineClient({
    host,
    address: parseDockerHost(host),
    tls: undefined,
    context: 'default',
    apiVersion: undefined,
  });
  await assert.rejects(c.ping(), (e: unknown) => {
    assert.ok(isEngineError(e, 0));
    assert.equal(e.code, 'ENOENT');
    assert.match(
      e.message,
      /cannot connect to the Docker engine at unix:\/\/.*missing\.sock.*is the Docker daemon running/,
    );
    return true;
  });
});

test('client aborted calls reject with AbortError', async () => {
  handler = () => {
    // never answers
  };
  const c = client();
  await c.negotiate();
  const ac = new AbortController();
  const pending = c.containers.inspect('slow', { signal: ac.signal });
  setTimeout(() => {
    ac.abort();
  }, 20);
  await assert.rejects(pending, { name: 'AbortError' });
  c.close();
});

test('client exec start takes over the connection both ways', async () => {
  const c = client();
  const s = await c.exec.start('abc', { tty: false });
  await s.write('hi');
  const got = collectOutput(s.output);
  setTimeout(() => {
    s.closeStdin();
  }, 50);
  const out = await got;
  assert.equal(out.stdout, 'echo:hi');
  assert.equal(out.stderr, 'bye');
  assert.equal(seen.at(-1), 'UPGRADE /v1.41/exec/abc/start');
  c.close();
});
