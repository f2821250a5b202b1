// flotilla stack deploy on a real three-node swarm: where Swarm runs the tasks (spread
// replicas, one task per node in global mode, role and node-label constraints), and the
// resource limits in the task containers' cgroups.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt } from './support/cli.js';
import { dockerOn, flotillaOnSwarm, swarmScope } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-scheduling');
const swarm = swarmScope('sched');
const stack = swarm.stack('1');
const label = `e2e-zone-${stack}`;

/** Hostnames of the nodes running the service's tasks, one entry per running task. */
async function runningOn(service: string): Promise<string[]> {
  const [tasks, names] = await Promise.all([
    swarm.manager.tasks.list({
      filters: { service: [`${stack}_${service}`], 'desired-state': ['running'] },
    }),
    swarm.hostnames(),
  ]);
  return tasks
    .filter((t) => t.Status.State === 'running')
    .map((t) => names.get(t.NodeID ?? '') ?? '?')
    .sort();
}

before(async () => {
  ensureBuilt();
  const tagged = await dockerOn(1, ['node', 'update', '--label-add', `${label}=blue`, 'node3']);
  assert.equal(tagged.code, 0, tagged.stderr);
  const r = await flotillaOnSwarm(
    ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', stack],
    dir,
    { ZONE_LABEL: label },
  );
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  await dockerOn(1, ['node', 'update', '--label-rm', label, 'node3']);
});

test('replicas are spread over the nodes', async () => {
  assert.deepEqual(await runningOn('spread'), ['node1', 'node2', 'node3']);
});

test('mode: global runs one task on every node', async () => {
  assert.deepEqual(await runningOn('everywhere'), ['node1', 'node2', 'node3']);
});

test('a node.role == worker constraint keeps the tasks off the manager', async () => {
  const nodes = await runningOn('workers');
  assert.equal(nodes.length, 2);
  assert.ok(
    nodes.every((n) => n === 'node2' || n === 'node3'),
    nodes.join(','),
  );
});

test('a node label constraint puts the tasks on the labelled node only', async () => {
  assert.deepEqual(await runningOn('labelled'), ['node3', 'node3']);
});

test("resource limits are in the task container's cgroups", async () => {
  const [task] = await swarm.manager.tasks.list({
    filters: { service: [`${stack}_limited`], 'desired-state': ['running'] },
  });
  const node = Number((await swarm.hostnames()).get(task.NodeID ?? '')?.replace('node', ''));
  const id = task.Status.ContainerStatus?.ContainerID ?? '';
  // cgroup v1 inside the container shows its own limits (v2: memory.max, cpu.max, pids.max).
  const read = await dockerOn(node, [
    'exec',
    id,
    'sh',
    '-c',
    'cd /sys/fs/cgroup; if [ -f memory.max ]; then cat memory.max cpu.max pids.max; ' +
      'else cat memory/memory.limit_in_bytes cpu/cpu.cfs_quota_us pids/pids.max; fi',
  ]);
  assert.equal(read.code, 0, read.stderr);
  const lines = read.stdout.trim().split('\n');
  assert.equal(lines[0], String(48 * 1024 * 1024));
  assert.match(lines[1], /^50000( 100000)?$/);
  assert.equal(lines[2], '64');
  // A reservation is the scheduler's business (node capacity), carried by the task.
  assert.equal(task.Spec.Resources?.Reservations?.MemoryBytes, 16 * 1024 * 1024);
});
