// stack deploy --build --push: the image is built on the manager's engine, pushed to the
// registry its image: names, and deployed by digest, so every node (the workers pull it) runs
// exactly the image that was built.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt } from './support/cli.js';
import { dockerOn, flotillaOnSwarm, REGISTRY, swarmScope } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-build-push');
const swarm = swarmScope('build');
const stack = swarm.stack('1');
const image = `${REGISTRY}/e2e/${stack}:1`;
let output = '';

before(async () => {
  ensureBuilt();
  const r = await flotillaOnSwarm(
    ['stack', 'deploy', '--build', '--push', '--wait', '--wait-timeout', '150', stack],
    dir,
    { APP_IMAGE: image, MESSAGE: `built for ${stack}` },
  );
  assert.equal(r.code, 0, r.stderr);
  output = r.stderr;
});

test('the built image is pushed and the service runs it by digest on every node', async () => {
  assert.match(output, new RegExp(`Image ${image.replace(/[.]/g, '\\.')} Pushed`));
  const service = await swarm.manager.services.inspect(`${stack}_app`);
  const deployed = service.Spec.TaskTemplate.ContainerSpec?.Image ?? '';
  assert.match(
    deployed,
    new RegExp(`^${REGISTRY.replace(/[.]/g, '\\.')}/e2e/${stack}@sha256:[0-9a-f]{64}$`),
  );
  assert.equal(service.Spec.Labels?.['com.docker.stack.image'], image);
  const tasks = await swarm.manager.tasks.list({
    filters: { service: [service.ID], 'desired-state': ['running'] },
  });
  assert.equal(tasks.filter((t) => t.Status.State === 'running').length, 3);
  const names = await swarm.hostnames();
  for (const t of tasks) {
    const node = Number((names.get(t.NodeID ?? '') ?? '').replace('node', ''));
    const r = await dockerOn(node, [
      'exec',
      t.Status.ContainerStatus?.ContainerID ?? '',
      'cat',
      '/message',
    ]);
    assert.equal(r.stdout, `built for ${stack}\n`, `on node${node}: ${r.stderr}`);
  }
  // The workers pulled it from the registry, by its digest.
  const digests = await dockerOn(2, [
    'image',
    'inspect',
    '--format',
    '{{json .RepoDigests}}',
    deployed,
  ]);
  assert.equal(digests.code, 0, digests.stderr);
  assert.ok(digests.stdout.includes(deployed.split('@')[1]));
});

test('deploying the same build again changes nothing', async () => {
  const before = await swarm.manager.services.inspect(`${stack}_app`);
  const r = await flotillaOnSwarm(['stack', 'deploy', '--build', '--push', stack], dir, {
    APP_IMAGE: image,
    MESSAGE: `built for ${stack}`,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`Service ${stack}_app Unchanged`));
  assert.equal(
    (await swarm.manager.services.inspect(`${stack}_app`)).Version.Index,
    before.Version.Index,
  );
});
