// `down` at scale: with 200 containers on the project's network (100 services of 2 replicas:
// down removes each service's containers in a call of its own, all at once, and those calls
// share 8 slots), the engine still counts some of their endpoints for a while after they are
// removed; down waits for it (bounded) and leaves nothing, or, when the engine has lost count
// for good, names the network and why. A network
// that a container of another project keeps is not waited for: down names that container in a
// warning, exits 0, and a later down removes the network once it is free.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, flotillaBin } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('downscale');
const { engine } = scope;
const dir = join(import.meta.dirname, 'testdata/reliability-down-scale');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const projects: [string, string][] = [];
// 100 services of the testdata's idle container, 2 replicas each.
const many = mkdtempSync(join(tmpdir(), 'flotilla-downscale-'));
const services = Array.from(
  { length: 100 },
  (_, i) => `  s${String(i + 1).padStart(3, '0')}: *idle`,
);
writeFileSync(
  join(many, 'compose.yaml'),
  [
    'x-idle: &idle',
    '  image: busybox:latest',
    '  command: ["sleep", "3600"]',
    '  init: false',
    '  stop_grace_period: 0s',
    '  deploy: {replicas: 2}',
    '  labels: {dev.flotilla.e2e: "${E2E_SCOPE:?}"}',
    'services:',
    ...services,
    'networks:',
    '  default:',
    '    labels: {dev.flotilla.e2e: "${E2E_SCOPE:?}"}',
    '',
  ].join('\n'),
);

before(() => {
  ensureBuilt();
});

after(() => {
  for (const [p, cwd] of projects) {
    spawnSync(process.execPath, [flotillaBin, '-p', p, 'down', '-t', '0'], { cwd, env });
  }
  rmSync(many, { recursive: true, force: true });
});

function cli(project: string, args: readonly string[], cwd = dir) {
  return spawnSync(process.execPath, [flotillaBin, '-p', project, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

const left = async (project: string) => ({
  containers: (
    await engine.containers.list({
      all: true,
      filters: { label: [`com.docker.compose.project=${project}`] },
    })
  ).length,
  networks: (await engine.networks.list({ filters: { name: [`${project}_default`] } })).filter(
    (n) => n.Name === `${project}_default`,
  ).length,
});

test(
  'down of 200 containers leaves neither containers nor the network',
  { timeout: 1_800_000 },
  async () => {
    const project = scope.name('many');
    projects.push([project, many]);
    const up = cli(project, ['up', '-d'], many);
    assert.equal(up.status, 0, up.stderr.slice(-3000));
    assert.deepEqual(await left(project), { containers: 200, networks: 1 });
    const down = cli(project, ['down', '-t', '0'], many);
    assert.equal(down.status, 0, down.stderr.slice(-3000));
    const after = await left(project);
    assert.equal(after.containers, 0);
    // Engine 20.10 can still lose count of the network's endpoints (moby/moby#42119; releasing
    // 8 at a time made it rare here, not provably impossible): then the network stays, and down must say so, naming
    // it and why, within its bound.
    if (after.networks === 0) {
      assert.match(down.stderr, new RegExp(`^ Network ${project}_default Removed $`, 'm'));
      assert.doesNotMatch(down.stderr, /still in use|was not removed/);
    } else {
      assert.match(
        down.stderr,
        new RegExp(
          `network ${project}_default was not removed: the engine still counted endpoints it does not list on it`,
        ),
      );
    }
  },
);

test(
  'a network another project still uses is named in a warning, and removed by a later down',
  { timeout: 600_000 },
  async () => {
    const project = scope.name('held');
    projects.push([project, dir]);
    const up = cli(project, ['up', '-d']);
    assert.equal(up.status, 0, up.stderr);
    const stranger = await engine.containers.create(
      {
        Image: 'busybox:latest',
        Cmd: ['sleep', '3600'],
        Labels: scope.labels,
        HostConfig: { NetworkMode: `${project}_default` },
      },
      { name: scope.name('stranger') },
    );
    await engine.containers.start(stranger.Id);
    const down = cli(project, ['down', '-t', '0']);
    assert.equal(down.status, 0, down.stderr);
    assert.match(
      down.stderr,
      new RegExp(`^ Network ${project}_default Resource is still in use $`, 'm'),
    );
    assert.match(
      down.stderr,
      new RegExp(
        `network ${project}_default was not removed: containers ${scope.name('stranger')} still use it`,
      ),
    );
    assert.deepEqual(await left(project), { containers: 0, networks: 1 });
    await engine.containers.remove(stranger.Id, { force: true });
    const again = cli(project, ['down', '-t', '0']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(await left(project), { containers: 0, networks: 0 });
  },
);
