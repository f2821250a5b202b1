// The interoperability contract (compose-behaviour.md §2.1, 2.2, 2.5) against the real engine:
// a project started by flotilla carries the labels and names docker compose sets, its
// config-hash labels equal both `config --hash '*'` and a hash recomputed here from
// `config --format json`, and Debian's docker-compose v1 lists and takes the project down.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngineClient, isEngineError } from '../../src/engine/index.js';
import { scaled } from './support/timing.js';

const engine = createEngineClient();
const project = `fe2e-interop-${randomBytes(3).toString('hex')}`;
const dir = realpathSync(join(import.meta.dirname, 'testdata', 'interop'));
const file = join(dir, 'compose.yaml');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'flotilla.js');
const byProject = { label: [`com.docker.compose.project=${project}`] };
const services = ['db', 'web'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function spawn(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `flotilla -p <project> -f compose.yaml ...` through the executable. */
function flotilla(...args: string[]): Run {
  return spawn(process.execPath, ['--', bin, '-p', project, '-f', 'compose.yaml', ...args]);
}

/** Debian's docker-compose 1.x (Python), installed by scripts/setup/tools.sh. */
function compose1(...args: string[]): Run {
  return spawn('docker-compose', ['-p', project, '-f', 'compose.yaml', ...args]);
}

async function cleanup(): Promise<void> {
  const gone = (err: unknown): void => {
    if (!isEngineError(err, 404)) throw err;
  };
  for (const c of await engine.containers.list({ all: true, filters: byProject })) {
    await engine.containers.remove(c.Id, { force: true, volumes: true }).catch(gone);
  }
  // By name too: a half-created network or volume is still ours (the project name is unique).
  await engine.networks.remove(`${project}_back`).catch(gone);
  await engine.volumes.remove(`${project}_data`, { force: true }).catch(gone);
}

before(cleanup);
after(async () => {
  try {
    await cleanup();
  } finally {
    engine.close();
  }
});

/**
 * Go's `json.Marshal` (compact, `<`, `>`, `&`, U+2028 and U+2029 escaped) of a value whose keys
 * are already in the order the `config --format json` output gives them.
 */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The config hash recomputed from the resolved model, as docker compose does it (§2.5): the
 * fields compose clears before hashing are dropped (`env_file` is already merged into
 * `environment` in the resolved model), then sha256 of the Go JSON. This path shares only the
 * model (field order, resolution) with flotilla: the label and `config --hash` both go through
 * flotilla's own hashing code, which this does not use.
 */
function recomputedHash(service: Record<string, unknown>): string {
  const cleared = new Set(['build', 'pull_policy', 'scale', 'depends_on', 'profiles', 'env_file']);
  const model = Object.fromEntries(
    Object.entries(structuredClone(service)).filter(([key]) => !cleared.has(key)),
  );
  const deploy = model.deploy as Record<string, unknown> | undefined;
  if (deploy) delete deploy.replicas;
  return createHash('sha256').update(goJson(model)).digest('hex');
}

test('interop: flotilla up sets the labels and names docker compose sets, and the config hash is compose’s', async () => {
  const up = flotilla('up', '-d', '--progress', 'plain');
  assert.equal(up.code, 0, up.stderr);

  const imageId = (await engine.images.inspect('busybox:latest')).Id;
  const version = flotilla('version', '--short').stdout.trim();
  assert.match(version, /^\d+\.\d+\.\d+/, 'version without a leading v');

  const listed = await engine.containers.list({ all: true, filters: byProject });
  assert.deepEqual(listed.map((c) => c.Names[0]).sort(), [`/${project}-db-1`, `/${project}-web-1`]);

  const labels: Record<string, Record<string, string>> = {};
  for (const svc of services) {
    const c = await engine.containers.inspect(`${project}-${svc}-1`);
    assert.equal(c.Name, `/${project}-${svc}-1`);
    assert.equal(c.State.Running, true, `${svc} runs`);
    const l = c.Config.Labels ?? {};
    labels[svc] = l;
    assert.equal(l['com.docker.compose.project'], project);
    assert.equal(l['com.docker.compose.service'], svc);
    assert.equal(l['com.docker.compose.container-number'], '1');
    assert.equal(l['com.docker.compose.oneoff'], 'False');
    assert.equal(l['com.docker.compose.project.working_dir'], dir);
    assert.equal(l['com.docker.compose.project.config_files'], file);
    assert.equal(l['com.docker.compose.version'], version);
    assert.equal(l['com.docker.compose.image'], imageId);
    assert.match(l['com.docker.compose.config-hash'], /^[0-9a-f]{64}$/);
    assert.ok(
      !('com.docker.compose.project.environment_file' in l),
      'no environment_file label without --env-file',
    );
    assert.deepEqual(Object.keys(c.NetworkSettings.Networks ?? {}), [`${project}_back`]);
  }
  assert.equal(labels.db['com.docker.compose.depends_on'], '');
  assert.equal(labels.web['com.docker.compose.depends_on'], 'db:service_started:false');
  assert.equal(labels.web['example.role'], 'frontend', 'user labels are kept');

  // The published port comes from the high range on 127.0.0.1.
  const web = await engine.containers.inspect(`${project}-web-1`);
  const bindings = web.NetworkSettings.Ports?.['8080/tcp'] ?? [];
  assert.equal(bindings.length, 1, JSON.stringify(bindings));
  assert.equal(bindings[0].HostIp, '127.0.0.1');
  const hostPort = Number(bindings[0].HostPort);
  assert.ok(hostPort >= 52000 && hostPort <= 52099, `host port ${hostPort}`);

  const network = await engine.networks.inspect(`${project}_back`);
  assert.equal(network.Name, `${project}_back`);
  const networkLabels = network.Labels ?? {};
  assert.equal(networkLabels['com.docker.compose.network'], 'back');
  assert.equal(networkLabels['com.docker.compose.project'], project);
  assert.equal(networkLabels['com.docker.compose.version'], version);
  assert.match(networkLabels['com.docker.compose.config-hash'], /^[0-9a-f]{64}$/);

  const volume = await engine.volumes.inspect(`${project}_data`);
  const volumeLabels = volume.Labels ?? {};
  assert.equal(volumeLabels['com.docker.compose.volume'], 'data');
  assert.equal(volumeLabels['com.docker.compose.project'], project);
  assert.equal(volumeLabels['com.docker.compose.version'], version);
  assert.match(volumeLabels['com.docker.compose.config-hash'], /^[0-9a-f]{64}$/);
  const db = await engine.containers.inspect(`${project}-db-1`);
  assert.ok(
    db.Mounts.some((m) => m.Type === 'volume' && m.Name === `${project}_data`),
    JSON.stringify(db.Mounts),
  );

  // config --hash '*': `<service> <hash>` per line, sorted by service.
  const hashes = flotilla('config', '--hash', '*');
  assert.equal(hashes.code, 0, hashes.stderr);
  assert.deepEqual(
    hashes.stdout.trim().split('\n'),
    services.map((s) => `${s} ${labels[s]['com.docker.compose.config-hash']}`),
  );

  // Recomputed from the resolved model.
  const config = flotilla('config', '--format', 'json');
  assert.equal(config.code, 0, config.stderr);
  const model = JSON.parse(config.stdout) as { services: Record<string, Record<string, unknown>> };
  // The env file's `<`, `>` and `&` exercise Go's HTML escaping; its ROLE loses to `environment`.
  assert.deepEqual(model.services.web.environment, { GREETING: 'hello <world> & co', ROLE: 'web' });
  for (const svc of services) {
    assert.equal(
      recomputedHash(model.services[svc]),
      labels[svc]['com.docker.compose.config-hash'],
      `${svc}: the label is sha256 of the Go JSON of the model without the cleared fields`,
    );
  }

  // Up again changes nothing: flotilla agrees with itself about the hash and the image.
  const ids = listed.map((c) => c.Id).sort();
  const again = flotilla('up', '-d', '--progress', 'plain');
  assert.equal(again.code, 0, again.stderr);
  const after = await engine.containers.list({ all: true, filters: byProject });
  assert.deepEqual(after.map((c) => c.Id).sort(), ids, again.stderr);
});

test('interop: docker-compose v1 lists the flotilla project by its labels and takes it down', async () => {
  // Runs after the first test; start the project if it is not there (e.g. run alone).
  const up = flotilla('up', '-d', '--progress', 'quiet');
  assert.equal(up.code, 0, up.stderr);
  const ids = (await engine.containers.list({ all: true, filters: byProject }))
    .map((c) => c.Id)
    .sort();
  assert.equal(ids.length, 2);

  // v1 finds containers by the project, service and oneoff=False labels, so the `-` names
  // flotilla (and compose v2) give are listed as they are; v1 would itself name them `_`.
  const ps = compose1('ps');
  assert.equal(ps.code, 0, ps.stderr);
  const names = ps.stdout
    .split('\n')
    .slice(2)
    .map((line) => line.split(/\s+/)[0])
    .filter(Boolean)
    .sort();
  assert.deepEqual(names, [`${project}-db-1`, `${project}-web-1`], ps.stdout);
  assert.match(
    ps.stdout,
    new RegExp(`${project}-web-1 .* Up .*127\\.0\\.0\\.1:520\\d\\d->8080/tcp`),
  );
  const quiet = compose1('ps', '-q');
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.deepEqual(quiet.stdout.trim().split('\n').sort(), ids);

  const down = compose1('down');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stderr, new RegExp(`Removing ${project}-web-1 \\.\\.\\. done`));
  assert.match(down.stderr, new RegExp(`Removing network ${project}_back`));
  assert.equal((await engine.containers.list({ all: true, filters: byProject })).length, 0);
  await assert.rejects(engine.networks.inspect(`${project}_back`), (err) =>
    isEngineError(err, 404),
  );
  // Like compose, v1's down without -v keeps named volumes.
  const volume = await engine.volumes.inspect(`${project}_data`);
  const volumeLabels = volume.Labels ?? {};
  assert.equal(volumeLabels['com.docker.compose.volume'], 'data');

  // And flotilla brings the same project back on the surviving volume.
  const back = flotilla('up', '-d', '--progress', 'quiet');
  assert.equal(back.code, 0, back.stderr);
  assert.equal((await engine.containers.list({ all: true, filters: byProject })).length, 2);
});
