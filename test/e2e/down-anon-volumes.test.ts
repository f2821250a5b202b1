// Anonymous volumes across a recreate, against the real engine through the CLI: the recreated
// container gets its predecessor's anonymous volume (and its data), and `down -v` removes that
// volume although the engine was given it by name (Engine 20.10 would otherwise keep it);
// `down` without -v leaves it alone, as compose does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { collectOutput, isEngineError } from '../../src/engine/index.js';
import { engineScope } from './support/engine.js';
import { scaled } from './support/timing.js';

const scope = engineScope('anonvol');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const dir = join(import.meta.dirname, 'testdata/down-anon-volumes');
const leftovers = new Set<string>();

function cli(args: readonly string[], vars: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...vars, E2E_SCOPE: scope.prefix, NO_COLOR: '1' },
    timeout: scaled(120_000),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The name of the anonymous volume mounted at /data in app-1. */
async function dataVolume(): Promise<string> {
  const c = await engine.containers.inspect(`${project}-app-1`);
  const m = c.Mounts.find((x) => x.Destination === '/data');
  assert.equal(m?.Type, 'volume');
  assert.match(m.Name ?? '', /^[0-9a-f]{64}$/);
  leftovers.add(m.Name ?? '');
  return m.Name ?? '';
}

async function exists(volume: string): Promise<boolean> {
  try {
    await engine.volumes.inspect(volume);
    return true;
  } catch (err) {
    if (isEngineError(err, 404)) return false;
    throw err;
  }
}

async function sh(script: string): Promise<string> {
  const exec = await engine.exec.create(`${project}-app-1`, {
    Cmd: ['sh', '-c', script],
    AttachStdout: true,
  });
  return (await collectOutput((await engine.exec.start(exec.Id)).output)).stdout.trim();
}

after(async () => {
  cli(['down', '-v', '-t', '0']);
  // Anonymous volumes carry no label of ours: the scope's clean-up would not find them.
  for (const v of leftovers) await engine.volumes.remove(v, { force: true }).catch(() => undefined);
});

test('a recreated container keeps the anonymous volume and its data; down -v removes it', async () => {
  let r = cli(['up', '-d', '--progress', 'quiet']);
  assert.equal(r.code, 0, r.stderr);
  const volume = await dataVolume();
  await sh('echo kept > /data/file');
  const first = (await engine.containers.inspect(`${project}-app-1`)).Id;

  r = cli(['up', '-d', '--progress', 'plain'], { VERSION: '2' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`Container ${project}-app-1 Recreated`));
  assert.notEqual((await engine.containers.inspect(`${project}-app-1`)).Id, first);
  assert.equal(await dataVolume(), volume, 'the same anonymous volume is mounted again');
  assert.equal(await sh('cat /data/file'), 'kept');

  r = cli(['down', '-v', '-t', '0', '--progress', 'plain']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await exists(volume), false, `anonymous volume ${volume} was left behind`);
});

test('down without -v keeps the anonymous volume of a recreated container', async () => {
  let r = cli(['up', '-d', '--progress', 'quiet']);
  assert.equal(r.code, 0, r.stderr);
  r = cli(['up', '-d', '--progress', 'quiet'], { VERSION: '3' });
  assert.equal(r.code, 0, r.stderr);
  const volume = await dataVolume();
  r = cli(['down', '-t', '0', '--progress', 'quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await exists(volume), true);
});
