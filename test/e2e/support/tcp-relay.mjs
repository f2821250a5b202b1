// A byte relay between two stream endpoints, for reaching a service of one network namespace
// from another through a Unix socket on the shared filesystem.
// Usage: node tcp-relay.mjs LISTEN TARGET   (each tcp:HOST:PORT or unix:PATH)
// Prints "ready" once listening; every accepted connection is piped to a new one to TARGET.
// Ends on SIGTERM, or when its standard input closes (the process that started it is gone).
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** @param {string} spec */
function endpoint(spec) {
  if (spec.startsWith('unix:')) return { path: spec.slice(5) };
  const m = /^tcp:(.+):(\d+)$/.exec(spec);
  if (m === null) throw new Error(`expected tcp:HOST:PORT or unix:PATH, got ${spec}`);
  return { host: m[1], port: Number(m[2]) };
}

const [listen, target] = process.argv.slice(2).map(endpoint);
if (listen === undefined || target === undefined) {
  console.error('usage: node tcp-relay.mjs LISTEN TARGET');
  process.exit(2);
}
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
// Its standard input is a pipe from the process that started it: when that one ends, so does
// the relay.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
