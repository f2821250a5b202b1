// What stack deploy refuses, and how: a service with only build: without --build and a field
// Swarm cannot honour with --strict fail before anything is created, naming the field and where
// it is written; an image no worker has fails --wait with the task error; an engine that is not
// in a swarm gets one line saying how to start one.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { ensureBuilt, runFlotilla } from './support/cli.js';
import { dockerOn, flotillaOnSwarm, swarmScope } from './support/swarm.js';

const dir = join(import.meta.dirname, 'testdata/swarm-bad-input');
const swarm = swarmScope('bad');

/** True when nothing carries the stack's label on the manager. */
async function nothingCreated(stack: string): Promise<void> {
  const filters = { label: [`com.docker.stack.namespace=${stack}`] };
  assert.deepEqual(await swarm.manager.services.list({ filters }), []);
  assert.deepEqual(await swarm.manager.networks.list({ filters }), []);
  assert.deepEqual(await swarm.manager.secrets.list({ filters }), []);
  assert.deepEqual(await swarm.manager.configs.list({ filters }), []);
}

before(() => {
  ensureBuilt();
});

test('a service with only build: and no --build is an error that says what to do; nothing is created', async () => {
  const stack = swarm.stack('build');
  const r = await flotillaOnSwarm(['stack', 'deploy', '-c', 'build-only.yaml', stack], dir, {
    E2E_TOKEN: 'x',
  });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /build-only\.yaml:4:5: service app has build: but no image: .*deploy with --build --push and name the registry image in image:/,
  );
  await nothingCreated(stack);
});

test('--strict refuses a field Swarm cannot honour, naming it and where it is; nothing is created', async () => {
  const stack = swarm.stack('strict');
  const warned = await flotillaOnSwarm(['stack', 'config', '-c', 'strict.yaml', stack], dir);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(
    warned.stderr,
    /strict\.yaml:6:5: service web: privileged is not supported by Swarm/,
  );
  const r = await flotillaOnSwarm(['stack', 'deploy', '--strict', '-c', 'strict.yaml', stack], dir);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /strict\.yaml:6:5: service web: privileged is not supported by Swarm .*\(services\.web\.privileged\); --strict refuses it: nothing was created/,
  );
  await nothingCreated(stack);
});

test('an image the workers do not have fails --wait with the task error', async () => {
  const stack = swarm.stack('image');
  const image = `e2e-only-on-manager:${stack}`;
  const tagged = await dockerOn(1, ['tag', 'busybox:latest', image]);
  assert.equal(tagged.code, 0, tagged.stderr);
  try {
    const r = await flotillaOnSwarm(
      [
        'stack',
        'deploy',
        '-c',
        'missing-image.yaml',
        '--resolve-image',
        'never',
        '--wait',
        '--wait-timeout',
        '20',
        stack,
      ],
      dir,
      { LONELY_IMAGE: image },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`service ${stack}_lonely did not converge within 20s \\(0/1 running\\)`),
    );
    // The diagnosis: the service's tasks, with the swarm's error.
    assert.match(r.stderr, /service "lonely": did not converge \(0\/1 running\)\n/);
    assert.match(
      r.stderr,
      new RegExp(
        `container ${stack}_lonely\\.1: (rejected|failed), exit code \\d+\\n +error: .*No such image: ${image}`,
      ),
    );
  } finally {
    await dockerOn(1, ['image', 'rm', image]);
  }
});

test('an engine that is not in a swarm gets one line saying how to start one', async () => {
  const r = await runFlotilla(['stack', 'deploy', '-c', 'strict.yaml', swarm.stack('noswarm')], {
    cwd: dir,
    env: { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' },
  });
  assert.equal(r.code, 1);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('WARN'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /is not part of a swarm: start one with `docker swarm init`/);
});
