// A connection to the engine that breaks while a streamed answer is read, against a fake engine
// on a unix socket: every kind of stream reports it as one typed error naming the engine address,
// and a stream that ends, or that the reader closes, is no error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from './client.js';
import { CONNECTION_LOST, isConnectionLost } from './connection-lost.js';
import { parseDockerHost } from './docker-host.js';

let dir: string;
let server: http.Server;
let client: EngineClient;
let host: string;
/** What the fake does after the first piece of a streamed answer: end it or cut the connection. */
let ending: 'end' | 'cut' = 'cut';
let pingAnswers = true;

const frame = (text: string): Buffer => {
  const h = Buffer.alloc(8);
  h[0] = 1;
  h.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([h, Buffer.from(text)]);
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flotilla-lost-'));
  const socket = join(dir, 'docker.sock');
  host = `unix://${socket}`;
  server = http.createServer((req, res) => {
    res.setHeader('API-Version', '1.41');
    if (req.url === '/_ping') {
      if (pingAnswers) res.end('OK');
      else req.socket.destroy();
      return;
    }
    const url = req.url ?? '';
    const first = url.includes('/logs')
      ? frame('one\n')
      : url.includes('/wait')
        ? ''
        : '{"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{}},"time":1,"timeNano":1}\n';
    res.writeHead(200, {
      'Content-Type': url.includes('/logs')
        ? 'application/vnd.docker.raw-stream'
        : 'application/json',
    });
    res.write(first);
    setTimeout(() => {
      if (ending === 'end') res.end(url.includes('/wait') ? '{"StatusCode":0}' : '');
      else req.socket.destroy();
    }, 20);
  });
  server.on('upgrade', (_req: http.IncomingMessage, sock: Socket) => {
    sock.write('HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
    sock.write(frame('hello\n'));
    setTimeout(() => sock.destroy(), 20);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  client = new EngineClient({
    host,
    address: parseDockerHost(host),
    tls: undefined,
    context: 'default',
    apiVersion: undefined,
  });
});

after(() => {
  client.close();
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}

const lost = (path: RegExp) => (err: unknown) => {
  assert.ok(isConnectionLost(err), String(err));
  assert.equal(err.code, CONNECTION_LOST);
  assert.equal(err.status, 0);
  assert.match(
    err.message,
    new RegExp(`^the connection to the Docker engine at ${host} was lost \\(`),
  );
  assert.match(err.path, path);
  return true;
};

test('events, logs and wait report a connection cut mid-answer as lost', async () => {
  ending = 'cut';
  await assert.rejects(drain(await client.events()), lost(/^\/events$/));
  await assert.rejects(
    drain(await client.containers.logs('c1', { follow: true, tty: false })),
    lost(/^\/containers\/c1\/logs$/),
  );
  await assert.rejects(client.containers.wait('c1'), lost(/^\/containers\/c1\/wait$/));
  await assert.rejects(drain(await client.containers.statsStream('c1')), lost(/\/stats$/));
});

test('streams that end are no error, and the reader closing one is not a lost connection', async () => {
  ending = 'end';
  assert.equal(await drain(await client.events()), 1);
  assert.equal(await drain(await client.containers.logs('c1', { follow: true, tty: false })), 1);
  assert.deepEqual(await client.containers.wait('c1'), { StatusCode: 0 });
  ending = 'cut';
  const events = await client.events();
  const reading = drain(events);
  events.close();
  await assert.rejects(reading, (err) => !isConnectionLost(err));
});

test('a hijacked stream that ends is confirmed with a ping: lost when the engine is gone', async () => {
  pingAnswers = true;
  const ok = await client.containers.attach('c1', { tty: false });
  assert.equal(await drain(ok.output), 1);
  pingAnswers = false;
  const gone = await client.containers.attach('c1', { tty: false });
  await assert.rejects(drain(gone.output), (err: unknown) => {
    lost(/^\/containers\/c1\/attach$/)(err);
    assert.match((err as Error).message, /the engine no longer answers/);
    return true;
  });
});
