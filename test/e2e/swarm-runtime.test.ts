// What a stack's tasks get on the multi-node swarm: a service on one node reaches another on
// another node by name over the overlay network, a host-mode port answers on the node's
// address, secrets and configs are mounted with their owners and modes, and a health check
// runs in the task's container.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt } from './support/cli.js';
import {
  curlFromHub,
  dockerOn,
  flotillaOnSwarm,
  NODE_ADDRESSES,
  swarmScope,
  waitFor,
} from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-runtime');
const swarm = swarmScope('runtime');
const stack = swarm.stack('1');
const port = 20000 + Math.floor(Math.random() * 9000);
const token = `token-${stack}`;

/** The running container of the service's task: its node number and container ID. */
async function container(service: string): Promise<{ node: number; id: string }> {
  const [task] = await swarm.manager.tasks.list({
    filters: { service: [`${stack}_${service}`], 'desired-state': ['running'] },
  });
  const host = (await swarm.hostnames()).get(task.NodeID ?? '') ?? '';
  return {
    node: Number(host.replace('node', '')),
    id: task.Status.ContainerStatus?.ContainerID ?? '',
  };
}

before(async () => {
  ensureBuilt();
  const r = await flotillaOnSwarm(
    ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', stack],
    dir,
    { HOST_PORT: String(port), E2E_TOKEN: token },
  );
  assert.equal(r.code, 0, r.stderr);
});

test('a task on node3 reaches a service on node2 by name over the overlay network', async () => {
  const server = await container('server');
  const client = await container('client');
  assert.equal(server.node, 2);
  assert.equal(client.node, 3);
  const body = await waitFor(async () => {
    const r = await dockerOn(3, ['exec', client.id, 'wget', '-qO-', 'http://server:8080/']);
    return r.code === 0 ? r.stdout : undefined;
  }, 'server to answer the client by name');
  assert.match(body, /^served by /);
  const tasks = await dockerOn(3, ['exec', client.id, 'nslookup', 'tasks.server']);
  assert.match(tasks.stdout, /10\.215\.\d+\.\d+/);
});

test("a host-mode port answers on the address of the task's node only", async () => {
  const body = await waitFor(
    () => curlFromHub(`http://${NODE_ADDRESSES[1]}:${port}/`),
    'the host port',
  );
  assert.match(body, /^served by /);
  assert.equal(await curlFromHub(`http://${NODE_ADDRESSES[0]}:${port}/`), undefined);
});

test('secrets and configs are mounted with their content, owners and modes', async () => {
  const { node, id } = await container('server');
  const secret = await dockerOn(node, [
    'exec',
    id,
    'sh',
    '-c',
    'stat -c "%a %u %g" /run/secrets/token; cat /run/secrets/token',
  ]);
  assert.equal(secret.code, 0, secret.stderr);
  assert.equal(secret.stdout, `400 1000 1001\n${token}`);
  const config = await dockerOn(node, [
    'exec',
    id,
    'sh',
    '-c',
    'stat -c "%a %u %g" /etc/site.conf; cat /etc/site.conf',
  ]);
  assert.equal(config.stdout, `440 0 0\nsite config of ${port}\n`);
});

test('the health check runs in the task container and the task runs once healthy', async () => {
  const { node, id } = await container('server');
  const health = await dockerOn(node, [
    'inspect',
    '--format',
    '{{.State.Health.Status}} {{len .State.Health.Log}}',
    id,
  ]);
  const [status, checks] = health.stdout.trim().split(' ');
  assert.equal(status, 'healthy');
  assert.ok(Number(checks) >= 1);
  const [task] = await swarm.manager.tasks.list({
    filters: { service: [`${stack}_server`], 'desired-state': ['running'] },
  });
  assert.equal(task.Status.State, 'running');
  assert.deepEqual(task.Spec.ContainerSpec?.Healthcheck?.Test, [
    'CMD',
    'wget',
    '-qO-',
    'http://localhost:8080/',
  ]);
});
