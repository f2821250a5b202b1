// The engine calls of the commands run most often, counted by a proxy on the engine's socket: a
// no-op `up -d` and `ps` ping the engine once (the API version) and ask for each list once,
// at that version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('calls');
const project = scope.prefix;
const dir = join(import.meta.dirname, 'testdata/engine-calls');
const composeFile = join(dir, 'compose.yaml');
const engineSocket = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(
  /^unix:\/\//,
  '',
);
const proxyDir = mkdtempSync(join(tmpdir(), 'flotilla-calls-'));
const proxySocket = join(proxyDir, 'docker.sock');
/** Request lines (`GET /_ping`) the proxy forwarded, in order. */
const requests: string[] = [];
let proxy: net.Server;

function cli(args: readonly string[], viaProxy: boolean): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    E2E_SCOPE: project,
    COMPOSE_PROGRESS: 'plain',
  };
  if (viaProxy) env.DOCKER_HOST = `unix://${proxySocket}`;
  return runFlotilla(args, { env });
}

/** The calls `run` makes through the proxy, query strings decoded. */
async function callsOf(run: () => Promise<CliResult>): Promise<{ r: CliResult; calls: string[] }> {
  const mark = requests.length;
  const r = await run();
  return { r, calls: requests.slice(mark).map((line) => decodeURIComponent(line)) };
}

before(async () => {
  ensureBuilt();
  proxy = net.createServer((client) => {
    const upstream = net.connect(engineSocket);
    client.on('data', (chunk: Buffer) => {
      const m = /^(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP\/1\.[01]\r\n/.exec(
        chunk.toString('latin1'),
      );
      if (m !== null) requests.push(`${m[1]} ${m[2]}`);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(proxySocket, resolve));
  const up = await cli(['-p', project, '-f', composeFile, 'up', '-d'], false);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await cli(['-p', project, '-f', composeFile, 'down', '-t', '0'], false);
  proxy.close();
  rmSync(proxyDir, { recursive: true, force: true });
});

/** The calls without their version prefix, after checking that each has the same one. */
function unversioned(calls: readonly string[]): string[] {
  const versions = new Set(calls.map((c) => /^\w+ (\/v[\d.]+)\//.exec(c)?.[1]));
  assert.equal(versions.size, 1, calls.join('\n'));
  assert.notEqual([...versions][0], undefined, calls.join('\n'));
  return calls.map((c) => c.replace(/^(\w+) \/v[\d.]+\//, '$1 /'));
}

test('a no-op up -d pings once and asks for containers, networks and images once each', async () => {
  const { r, calls } = await callsOf(() =>
    cli(['-p', project, '-f', composeFile, 'up', '-d'], true),
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`Container ${project}-a-1 +Running`));
  assert.equal(calls[0], 'GET /_ping', calls.join('\n'));
  const label = `"com.docker.compose.project=${project}":true`;
  assert.deepEqual(unversioned(calls.slice(1)).sort(), [
    `GET /containers/json?all=1&filters={"label":{${label},"com.docker.compose.config-hash":true}}`,
    'GET /images/json',
    `GET /networks?filters={"label":{${label}}}`,
  ]);
});

test('ps pings once and asks for the project containers once', async () => {
  const { r, calls } = await callsOf(() => cli(['-p', project, '-f', composeFile, 'ps'], true));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s+/)[0]),
    [`${project}-a-1`, `${project}-b-1`, `${project}-c-1`],
  );
  assert.equal(calls.length, 2, calls.join('\n'));
  assert.equal(calls[0], 'GET /_ping');
  assert.match(unversioned(calls.slice(1))[0], /^GET \/containers\/json\?all=0&filters=/);
});
