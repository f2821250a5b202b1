// Service references against the real engine, through the CLI: `links: [db:database]` makes the
// alias resolve inside the container; `network_mode: service:app` shares app's network
// namespace and `volumes_from: [app]` app's volumes; recreating app (its configuration changed)
// recreates both dependents in the same run, pointing at the new app, while db is left alone;
// recreating db restarts app, whose alias then resolves to the new db.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { collectOutput, type ContainerInspect } from '../../src/engine/index.js';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('links');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/up-links');

function cli(args: readonly string[], vars: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...vars, E2E_SCOPE: scope.prefix, NO_COLOR: '1' },
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function inspect(service: string): Promise<ContainerInspect> {
  return engine.containers.inspect(`${project}-${service}-1`);
}

/** Runs `cmd` in the service's container and returns its stdout, trimmed. */
async function execIn(service: string, cmd: string[]): Promise<string> {
  const exec = await engine.exec.create(`${project}-${service}-1`, {
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
  });
  const out = await collectOutput((await engine.exec.start(exec.Id)).output);
  return `${out.stdout}${out.stderr}`.trim();
}

function ipOf(c: ContainerInspect): string {
  return c.NetworkSettings.Networks?.[`${project}_default`]?.IPAddress ?? '';
}

before(() => {
  const r = cli(['up', '-d', '--progress', 'plain']);
  assert.equal(r.code, 0, r.stderr);
});

after(() => {
  cli(['down', '-v', '-t', '0']);
});

test('links: the alias, the replica name and the full name of db resolve inside app', async () => {
  const dbIp = ipOf(await inspect('db'));
  assert.match(dbIp, /^\d+\.\d+\.\d+\.\d+$/);
  for (const name of ['database', 'db-1', `${project}-db-1`]) {
    const out = await execIn('app', ['ping', '-c', '1', '-W', '2', name]);
    assert.match(out, new RegExp(`^PING ${name} \\(${dbIp.replaceAll('.', '\\.')}\\)`), out);
  }
  // The alias belongs to app's link: reader, on an endpoint of its own, does not know it.
  const unlinked = await execIn('reader', ['ping', '-c', '1', '-W', '2', 'database']);
  assert.match(unlinked, /bad address 'database'/);
});

test('network_mode service:app shares the namespace; volumes_from sees app volumes', async () => {
  const app = await inspect('app');
  const side = await inspect('side');
  assert.equal(side.HostConfig.NetworkMode, `container:${app.Id}`);
  const appMac = await execIn('app', ['cat', '/sys/class/net/eth0/address']);
  assert.match(appMac, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  assert.equal(await execIn('side', ['cat', '/sys/class/net/eth0/address']), appMac);

  await execIn('app', ['sh', '-c', 'echo from-app > /shared/note']);
  assert.equal(await execIn('reader', ['cat', '/shared/note']), 'from-app');
  const denied = await execIn('reader', ['sh', '-c', 'echo x > /shared/other']);
  assert.match(denied, /Read-only file system/, 'volumes_from app:ro mounts read-only');
});

test('recreating app recreates side and reader against the new app; db is kept', async () => {
  const before = {
    db: await inspect('db'),
    app: await inspect('app'),
    side: await inspect('side'),
    reader: await inspect('reader'),
  };
  const r = cli(['up', '-d', '--progress', 'plain'], { APP_VERSION: '2' });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n');
  for (const s of ['app', 'side', 'reader']) {
    assert.ok(lines.includes(` Container ${project}-${s}-1 Recreated `), r.stderr);
  }
  assert.ok(lines.includes(` Container ${project}-db-1 Running `), r.stderr);

  const app = await inspect('app');
  const side = await inspect('side');
  const reader = await inspect('reader');
  assert.notEqual(app.Id, before.app.Id);
  assert.notEqual(side.Id, before.side.Id);
  assert.notEqual(reader.Id, before.reader.Id);
  assert.equal((await inspect('db')).Id, before.db.Id);
  for (const c of [app, side, reader]) assert.equal(c.State.Status, 'running', c.Name);

  // side follows the new app's namespace, reader its volumes (the anonymous one carried over).
  assert.equal(side.HostConfig.NetworkMode, `container:${app.Id}`);
  const appMac = await execIn('app', ['cat', '/sys/class/net/eth0/address']);
  assert.equal(await execIn('side', ['cat', '/sys/class/net/eth0/address']), appMac);
  assert.deepEqual(reader.HostConfig.VolumesFrom, [`${app.Id}:ro`]);
  assert.equal(await execIn('reader', ['cat', '/shared/note']), 'from-app');
  // The link to db is in place in the new app too.
  const out = await execIn('app', ['ping', '-c', '1', '-W', '2', 'database']);
  assert.match(out, new RegExp(`\\(${ipOf(await inspect('db')).replaceAll('.', '\\.')}\\)`), out);

  // Converged: another up changes nothing.
  const again = cli(['up', '-d', '--progress', 'plain'], { APP_VERSION: '2' });
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /Recreate/, again.stderr);
});

test('recreating db restarts app (links imply restart: true); the alias follows the new db', async () => {
  const vars = { APP_VERSION: '2', DB_VERSION: '2' };
  const db = await inspect('db');
  const app = await inspect('app');
  const r = cli(['up', '-d', '--progress', 'plain'], vars);
  assert.equal(r.code, 0, r.stderr);
  const newDb = await inspect('db');
  const newApp = await inspect('app');
  assert.notEqual(newDb.Id, db.Id, 'db is recreated');
  assert.equal(newApp.Id, app.Id, 'app is kept');
  assert.notEqual(newApp.State.StartedAt, app.State.StartedAt, 'app was restarted');
  const lines = r.stderr.split('\n');
  const stopped = lines.indexOf(` Container ${project}-app-1 Stopped `);
  const recreated = lines.indexOf(` Container ${project}-db-1 Recreated `);
  assert.ok(stopped >= 0 && stopped < recreated, r.stderr);
  const out = await execIn('app', ['ping', '-c', '1', '-W', '2', 'database']);
  assert.match(out, new RegExp(`\\(${ipOf(newDb).replaceAll('.', '\\.')}\\)`), out);
});
