// `stack deploy` right after `stack rm` of the same stack, on the multi-node swarm: the removed
// network stays listed on the manager while the old task takes its grace period to stop, and the
// swarm refuses services on it ("network <id> not found"; `docker stack deploy` fails there).
// flotilla creates the network again and the stack converges.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt } from './support/cli.js';
import { flotillaOnSwarm, swarmScope, waitFor } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-redeploy');
const swarm = swarmScope('redeploy');
const stack = swarm.stack('1');
const label = { label: [`com.docker.stack.namespace=${stack}`] };
const deploy = () =>
  flotillaOnSwarm(
    ['stack', 'deploy', '--wait', '--wait-timeout', '150', '--resolve-image', 'never', stack],
    dir,
  );

before(() => {
  ensureBuilt();
});

test('a deploy right after stack rm creates the stack network again and converges', async () => {
  const first = await deploy();
  assert.equal(first.code, 0, first.stderr);
  const [old] = await swarm.manager.networks.list({ filters: label });
  assert.ok(old, 'the stack network exists');

  const rm = await flotillaOnSwarm(['stack', 'rm', stack]);
  assert.equal(rm.code, 0, rm.stderr);
  const again = await deploy();
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`Service ${stack}_idle Converged`));

  const services = await swarm.manager.services.list({ filters: label });
  assert.equal(services.length, 1);
  const attached = services[0].Spec.TaskTemplate.Networks?.map((n) => n.Target) ?? [];
  assert.equal(attached.length, 1);
  assert.notEqual(attached[0], old.Id, 'the service joins a network the swarm knows');
  // Once the old task is gone, the stack has the one network its service joins.
  await waitFor(
    async () => {
      const ids = (await swarm.manager.networks.list({ filters: label })).map((n) => n.Id);
      return ids.length === 1 && ids[0] === attached[0] ? true : undefined;
    },
    'only the new stack network to be listed',
    90_000,
  );
});
