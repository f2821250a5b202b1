// A worker's engine dies: Swarm marks the node down and runs its tasks on the other nodes, and
// `flotilla stack ps` shows both the lost task and its replacement. The node is started again
// afterwards (it rejoins by itself). Takes the cluster for itself while a node is down.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt } from './support/cli.js';
import { clusterScript, flotillaOnSwarm, swarmScope, waitFor } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-failover');
const swarm = swarmScope('failover', { exclusive: true });
const stack = swarm.stack('1');

before(async () => {
  ensureBuilt();
  const r = await flotillaOnSwarm(
    ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', stack],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  await clusterScript('start-node', '3');
  await waitFor(
    async () => {
      const node = (await swarm.manager.nodes.list()).find(
        (n) => n.Description?.Hostname === 'node3',
      );
      return node?.Status.State === 'ready' ? true : undefined;
    },
    'node3 to be ready again',
    120_000,
  );
});

test("a killed worker's tasks are rescheduled on the other nodes and stack ps shows it", async () => {
  const names = await swarm.hostnames();
  const node3 = [...names].find(([, host]) => host === 'node3')![0];
  const running = async (): Promise<string[]> =>
    (
      await swarm.manager.tasks.list({
        filters: { service: [`${stack}_resilient`], 'desired-state': ['running'] },
      })
    )
      .filter((t) => t.Status.State === 'running')
      .map((t) => names.get(t.NodeID ?? '') ?? '?')
      .sort();
  assert.deepEqual(await running(), ['node1', 'node2', 'node3']);

  await clusterScript('kill-node', '3');
  await waitFor(async () => {
    const node = (await swarm.manager.nodes.list()).find((n) => n.ID === node3);
    return node?.Status.State === 'down' ? true : undefined;
  }, 'node3 to be down');
  const moved = await waitFor(async () => {
    const now = await running();
    return now.length === 3 && !now.includes('node3') ? now : undefined;
  }, 'three tasks running without node3');
  // At most two per node: both remaining nodes run some.
  assert.deepEqual([...new Set(moved)], ['node1', 'node2']);

  const ps = await flotillaOnSwarm([
    'stack',
    'ps',
    stack,
    '--format',
    '{{.Name}}|{{.Node}}|{{.DesiredState}}|{{.CurrentState}}',
  ]);
  assert.equal(ps.code, 0, ps.stderr);
  const rows = ps.stdout
    .trim()
    .split('\n')
    .map((l) => l.split('|'));
  const lost = rows.filter(([, node]) => node === 'node3');
  assert.equal(lost.length, 1, ps.stdout);
  assert.equal(lost[0][2], 'Shutdown');
  const slot = lost[0][0];
  const replacement = rows.find(
    ([name, node, desired, state]) =>
      name === slot && node !== 'node3' && desired === 'Running' && state.startsWith('Running'),
  );
  assert.ok(replacement, `no running replacement of ${slot}:\n${ps.stdout}`);
});
