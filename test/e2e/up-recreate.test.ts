// up's recreation triggers beyond a container's own config, against the real engine: a network
// whose configuration changed is recreated in place (its containers kept and reconnected); a
// dependency recreated stops and restarts its `restart: true` dependents; a changed volume is
// kept unless the prompt (or -y) says yes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { UpOptions } from '../../src/api/compose.js';
import type { ProgressEvent } from '../../src/api/events.js';
import type { ComposeContext } from '../../src/compose/context.js';
import { up } from '../../src/compose/up.js';
import type { ContainerInspect } from '../../src/engine/index.js';
import { loadProjectSync } from '../../src/loader/load-project.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('recreate');
const { engine } = scope;
const projectName = scope.prefix;
const dir = join(import.meta.dirname, 'testdata', 'up-recreate');

interface Run {
  readonly events: string[];
  readonly warnings: string[];
  readonly questions: string[];
}

/** Runs `up -d` on the fixture with the given variables; `answer` replies to prompts. */
async function upWith(
  vars: Record<string, string>,
  options: UpOptions = {},
  answer = false,
): Promise<Run> {
  const run: Run = { events: [], warnings: [], questions: [] };
  const ctx: ComposeContext = {
    engine,
    events: (e: ProgressEvent) => run.events.push(`${e.id} ${e.text}`),
    parallel: -1,
    compatibility: false,
    composeVersion: '2.40.3',
    warn: (m) => run.warnings.push(m),
    confirm: (q) => {
      run.questions.push(q);
      return Promise.resolve(answer);
    },
  };
  const project = loadProjectSync({
    cwd: dir,
    projectName,
    environment: { HOME: '/root', E2E_SCOPE: scope.prefix, ...vars },
  });
  await up(ctx, project, { detach: true, ...options });
  return run;
}

async function container(service: string): Promise<ContainerInspect> {
  return engine.containers.inspect(`${projectName}-${service}-1`);
}

before(async () => {
  await upWith({});
});

test('a network whose configuration changed is recreated in place; its containers are kept', async () => {
  const network = `${projectName}_back`;
  const oldNetwork = await engine.networks.inspect(network);
  const before = await container('store');

  const run = await upWith({ BACK_TIER: 'two' });

  const renewed = await engine.networks.inspect(network);
  assert.notEqual(renewed.Id, oldNetwork.Id);
  assert.equal(renewed.Labels?.tier, 'two');
  const after = await container('store');
  assert.equal(after.Id, before.Id, 'the container is not recreated');
  assert.equal(after.State.Status, 'running');
  assert.notEqual(after.State.StartedAt, before.State.StartedAt, 'it was stopped and started');
  const endpoint = after.NetworkSettings.Networks?.[network];
  assert.equal(endpoint?.NetworkID, renewed.Id);
  const aliases = endpoint.Aliases ?? [];
  assert.ok(aliases.includes('storage'), JSON.stringify(aliases));
  assert.ok(aliases.includes('store'));
  assert.ok(run.events.includes(`Network ${network} Removed`), run.events.join('\n'));
  assert.ok(run.events.includes(`Network ${network} Created`));
  assert.ok(!run.events.some((e) => e.endsWith('Recreate')), run.events.join('\n'));

  // Nothing diverges any more: the next up changes nothing.
  const again = await upWith({ BACK_TIER: 'two' });
  assert.deepEqual(
    again.events.filter((e) => !e.endsWith('Running')),
    [],
  );
});

test('recreating a dependency stops and restarts its restart: true dependents', async () => {
  const db = await container('db');
  const app = await container('app');

  const run = await upWith({ BACK_TIER: 'two', DB_VERSION: '2' });

  const newDb = await container('db');
  const newApp = await container('app');
  assert.notEqual(newDb.Id, db.Id, 'db is recreated');
  assert.equal(newApp.Id, app.Id, 'app is kept');
  assert.equal(newApp.State.Status, 'running');
  assert.notEqual(newApp.State.StartedAt, app.State.StartedAt, 'app was restarted');
  const stopped = run.events.indexOf(`Container ${projectName}-app-1 Stopped`);
  const recreated = run.events.indexOf(`Container ${projectName}-db-1 Recreated`);
  const started = run.events.indexOf(`Container ${projectName}-app-1 Started`);
  assert.ok(stopped >= 0 && stopped < recreated && recreated < started, run.events.join('\n'));
});

test('a volume whose configuration changed is kept on No and recreated on -y', async () => {
  const volume = `${projectName}_data`;
  const store = await container('store');
  const vars = { BACK_TIER: 'two', DB_VERSION: '2', DATA_TIER: 'two' };

  const declined = await upWith(vars);
  assert.deepEqual(declined.questions, [
    `Volume "${volume}" exists but doesn't match configuration in compose file. Recreate (data will be lost)?`,
  ]);
  assert.ok(
    declined.warnings.some((w) => w.includes(`volume "${volume}" exists but doesn't match`)),
    declined.warnings.join('\n'),
  );
  assert.equal((await engine.volumes.inspect(volume)).Labels?.tier, 'one');
  assert.equal((await container('store')).Id, store.Id);

  const accepted = await upWith(vars, { assumeYes: true });
  assert.deepEqual(accepted.questions, []);
  assert.equal((await engine.volumes.inspect(volume)).Labels?.tier, 'two');
  const renewed = await container('store');
  assert.notEqual(renewed.Id, store.Id, 'the user of the volume is created again');
  assert.equal(renewed.State.Status, 'running');
  assert.ok(renewed.Mounts.some((m) => m.Name === volume));
  assert.ok(accepted.events.includes(`Volume ${volume} Removed`), accepted.events.join('\n'));
});
