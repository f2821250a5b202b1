// A byte relay between two stream endpoints, for reaching a service of one network namespace
// from another through a Unix socket on the shared filesystem.
// Usage: node tcp-relay.mjs LISTEN TARGET [WHILE]   (LISTEN, TARGET: tcp:HOST:PORT or unix:PATH)
// Prints "ready" once listening; every accepted connection is piped to a new one to TARGET.
// Ends on SIGTERM, or once the file WHILE no longer exists (checked every second).
import { existsSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { setInterval } from 'node:timers';

/** @param {string} spec */
function endpoint(spec) {
  if (spec.startsWith('unix:')) return { path: spec.slice(5) };
  const m = /^tcp:(.+):(\d+)$/.exec(spec);
  if (m === null) throw new Error(`expected tcp:HOST:PORT or unix:PATH, got ${spec}`);
  return { host: m[1], port: Number(m[2]) };
}

const [listenSpec, targetSpec, whileFile] = process.argv.slice(2);
if (listenSpec === undefined || targetSpec === undefined) {
  console.error('usage: node tcp-relay.mjs LISTEN TARGET [WHILE]');
  process.exit(2);
}
const listen = endpoint(listenSpec);
const target = endpoint(targetSpec);
if (listen.path !== undefined) rmSync(listen.path, { force: true });
const server = createServer((client) => {
  const upstream = createConnection(target);
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
server.on('error', (err) => {
  console.error(err.message);
  process.exit(1);
});
server.listen(listen, () => console.log('ready'));
// Closing the server removes its Unix socket file; open connections are not waited for.
function stop() {
  server.close();
  process.exit(0);
}
if (whileFile !== undefined) {
  setInterval(() => {
    if (!existsSync(whileFile)) stop();
  }, 1000);
}
process.on('SIGTERM', stop);
