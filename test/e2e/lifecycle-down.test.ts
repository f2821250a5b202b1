// down through the built CLI: containers and project networks go, named volumes stay (their data
// survives down/up) unless -v, external networks and volumes are never touched, and a
// file-less `-p name down` works from labels and warns when nothing is left.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { collectOutput, createEngineClient } from '../../src/engine/index.js';
import { scaled } from './support/timing.js';

const engine = createEngineClient();
const project = `fe2e-lcdown-${randomBytes(3).toString('hex')}`;
const extVolume = `${project}-ext`;
const extNetwork = `${project}-outside`;
const dir = join(import.meta.dirname, 'testdata', 'lifecycle-down');
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const byProject = { label: [`com.docker.compose.project=${project}`] };

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, '-p', project, '-f', 'compose.yaml', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, EXT_VOLUME: extVolume, EXT_NETWORK: extNetwork, NO_COLOR: '1' },
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function cleanup(): Promise<void> {
  for (const c of await engine.containers.list({ all: true, filters: byProject })) {
    await engine.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
  }
  for (const n of await engine.networks.list({ filters: byProject })) {
    await engine.networks.remove(n.Id).catch(() => undefined);
  }
  for (const v of (await engine.volumes.list({ filters: byProject })).Volumes) {
    await engine.volumes.remove(v.Name).catch(() => undefined);
  }
  await engine.networks.remove(extNetwork).catch(() => undefined);
  await engine.volumes.remove(extVolume).catch(() => undefined);
}

before(async () => {
  await cleanup();
  await engine.volumes.create({ Name: extVolume });
  await engine.networks.create({ Name: extNetwork });
});
after(cleanup);

async function count(): Promise<string> {
  const [c] = await engine.containers.list({
    filters: { label: [...byProject.label, 'com.docker.compose.service=app'] },
  });
  const exec = await engine.exec.create(c.Id, { Cmd: ['cat', '/data/count'], AttachStdout: true });
  const out = await collectOutput((await engine.exec.start(exec.Id)).output);
  return out.stdout.trim();
}

test('lifecycle down keeps named volumes and their data, removes containers and networks, spares externals', async () => {
  let r = run('up', '-d', '--progress', 'plain');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await count(), '1');

  r = run('down', '--progress', 'plain');
  assert.equal(r.code, 0, r.stderr);
  // Dependents first: side goes before app.
  const lines = r.stderr.split('\n');
  const sideRemoved = lines.indexOf(` Container ${project}-side-1 Removed `);
  const appStopping = lines.indexOf(` Container ${project}-app-1 Stopping `);
  assert.ok(sideRemoved >= 0 && appStopping > sideRemoved, r.stderr);
  assert.ok(lines.includes(` Network ${project}_default Removed `), r.stderr);
  assert.ok(!r.stderr.includes(extNetwork), 'the external network is not mentioned');
  assert.equal((await engine.containers.list({ all: true, filters: byProject })).length, 0);
  assert.equal((await engine.networks.list({ filters: byProject })).length, 0);
  const volumes = (await engine.volumes.list({ filters: byProject })).Volumes.map((v) => v.Name);
  assert.deepEqual(volumes, [`${project}_data`]);
  await engine.volumes.inspect(extVolume);
  await engine.networks.inspect(extNetwork);

  r = run('up', '-d', '--progress', 'quiet');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await count(), '2', 'the data in the named volume survived down/up');

  r = run('down', '-v', '--progress', 'json');
  assert.equal(r.code, 0, r.stderr);
  const events = r.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; status: string; text: string });
  assert.ok(
    events.some(
      (e) => e.id === `Volume ${project}_data` && e.status === 'Done' && e.text === 'Removed',
    ),
    r.stderr,
  );
  assert.equal((await engine.volumes.list({ filters: byProject })).Volumes.length, 0);
  await engine.volumes.inspect(extVolume);
  await engine.networks.inspect(extNetwork);
});

test('lifecycle down without a file works from labels and warns when nothing is left', async () => {
  const r = run('up', '-d', '--progress', 'quiet');
  assert.equal(r.code, 0, r.stderr);
  // `-p` without `-f`: the compose file in the directory is not read.
  const fileless = spawnSync(
    process.execPath,
    [cli, '-p', project, 'down', '-v', '--progress', 'plain'],
    {
      cwd: '/',
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  assert.equal(fileless.status, 0, fileless.stderr);
  assert.match(fileless.stderr, new RegExp(` Container ${project}-app-1 Removed`));
  assert.equal((await engine.containers.list({ all: true, filters: byProject })).length, 0);
  assert.equal((await engine.volumes.list({ filters: byProject })).Volumes.length, 0);
  await engine.volumes.inspect(extVolume);

  const again = spawnSync(process.execPath, [cli, '-p', project, 'down'], {
    cwd: '/',
    encoding: 'utf8',
  });
  assert.equal(again.status, 0);
  assert.match(again.stderr, new RegExp(`No resource found to remove for project "${project}"`));
});

test('lifecycle down rejects an unknown service and a bad --rmi before touching the engine', () => {
  let r = run('down', 'nosuch');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no such service: nosuch/);
  r = run('down', '--rmi', 'some');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /invalid value for --rmi: "some"/);
});
