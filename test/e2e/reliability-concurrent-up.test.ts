// Runs of one project at the same moment: three `up -d` started together leave exactly one
// network and one volume, every container attached to that network, all three runs succeeding;
// and a project that already has two networks of its name (left by an older version, or a run
// killed in between) still works: up, ps and run use one of them by ID, down removes both.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, flotillaBin } from './support/cli.js';
import { engineScope, TEST_LABEL } from './support/engine.js';

const scope = engineScope('concur');
const { engine } = scope;
const dir = join(import.meta.dirname, 'testdata/reliability-concurrent');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const projects: string[] = [];

before(() => {
  ensureBuilt();
});

after(() => {
  for (const p of projects) {
    spawnSync(process.execPath, [flotillaBin, '-p', p, 'down', '-v', '-t', '0'], { cwd: dir, env });
  }
});

function run(project: string, args: readonly string[]) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [flotillaBin, '-p', project, ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      resolve({ code, stderr });
    });
  });
}

const named = async (name: string) =>
  (await engine.networks.list({ filters: { name: [name] } })).filter((n) => n.Name === name);

async function containersOf(project: string) {
  const list = await engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return Promise.all(list.map((c) => engine.containers.inspect(c.Id)));
}

test(
  'three up -d started together leave one network and one volume, and all succeed',
  { timeout: 900_000 },
  async (t) => {
    for (let round = 1; round <= 2; round++) {
      const project = scope.name(`r${String(round)}`);
      projects.push(project);
      const since = Math.floor(Date.now() / 1000) - 1;
      const runs = await Promise.all([1, 2, 3].map(() => run(project, ['up', '-d'])));
      for (const r of runs) assert.equal(r.code, 0, r.stderr);
      const networks = await named(`${project}_default`);
      assert.equal(
        networks.length,
        1,
        `round ${String(round)}: ${JSON.stringify(networks.map((n) => n.Id))}`,
      );
      const { Volumes } = await engine.volumes.list({ filters: { name: [`${project}_data`] } });
      assert.equal(Volumes.filter((v) => v.Name === `${project}_data`).length, 1);
      const containers = await containersOf(project);
      assert.deepEqual(containers.map((c) => c.Name).sort(), [
        `/${project}-db-1`,
        `/${project}-web-1`,
      ]);
      for (const c of containers) {
        assert.equal(c.State.Running, true, c.Name);
        assert.equal(
          c.NetworkSettings.Networks?.[`${project}_default`]?.NetworkID,
          networks[0].Id,
          c.Name,
        );
      }
      // How often the engine made the network twice (and the extra was removed), for the record.
      const made = await engine.events({
        since,
        until: Math.ceil(Date.now() / 1000),
        filters: { type: ['network'], event: ['create'], network: [`${project}_default`] },
      });
      let creates = 0;
      for await (const _ of made) creates++;
      t.diagnostic(`round ${String(round)}: the network was created ${String(creates)} time(s)`);

      const down = await run(project, ['down', '-v', '-t', '0']);
      assert.equal(down.code, 0, down.stderr);
      assert.equal((await named(`${project}_default`)).length, 0);
      assert.equal((await containersOf(project)).length, 0);
    }
  },
);

test(
  'a project with two networks of its name: up, ps and run use one by ID, down removes both',
  { timeout: 600_000 },
  async () => {
    const project = scope.name('dup');
    projects.push(project);
    const labels = {
      'com.docker.compose.project': project,
      'com.docker.compose.network': 'default',
      [TEST_LABEL]: scope.prefix,
    };
    for (let i = 0; i < 2; i++) {
      await engine.networks.create({
        Name: `${project}_default`,
        CheckDuplicate: false,
        Driver: 'bridge',
        Labels: labels,
      });
    }
    const both = await named(`${project}_default`);
    assert.equal(both.length, 2);
    const up = await run(project, ['up', '-d']);
    assert.equal(up.code, 0, up.stderr);
    const containers = await containersOf(project);
    assert.equal(containers.length, 2);
    const used = new Set(
      containers.map((c) => c.NetworkSettings.Networks?.[`${project}_default`]?.NetworkID),
    );
    assert.equal(used.size, 1, 'every container on the same one of the two');
    assert.ok(both.some((n) => used.has(n.Id)));
    const ps = await run(project, ['ps']);
    assert.equal(ps.code, 0, ps.stderr);
    const oneOff = await run(project, ['run', '--rm', '-T', 'db', 'true']);
    assert.equal(oneOff.code, 0, oneOff.stderr);
    const again = await run(project, ['up', '-d']);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /Recreate/, 'a second up changes nothing');
    const down = await run(project, ['down', '-v', '-t', '0']);
    assert.equal(down.code, 0, down.stderr);
    assert.equal((await named(`${project}_default`)).length, 0, down.stderr);
    assert.equal((await containersOf(project)).length, 0);
  },
);
