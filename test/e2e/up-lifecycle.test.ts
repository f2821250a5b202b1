// up against the real engine: a project with a healthcheck-gated dependency, a port, a named
// volume and the default network; labels as docker compose sets them; a no-op up that makes no
// engine write; recreation on a config change; scale up/down numbering; orphans.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ProgressEvent } from '../../src/api/events.js';
import type { ComposeContext } from '../../src/compose/context.js';
import { up } from '../../src/compose/up.js';
import { configHash } from '../../src/compose/service-tree.js';
import {
  createEngineClient,
  type ContainerSummary,
  type EngineEvent,
} from '../../src/engine/index.js';
import { loadProjectSync } from '../../src/loader/load-project.js';
import type { Project } from '../../src/model/project.js';
import { scaled } from './support/timing.js';

const engine = createEngineClient();
const projectName = `fe2e-up-${randomBytes(3).toString('hex')}`;
const port = 20000 + Math.floor(Math.random() * 20000);
const dir = join(import.meta.dirname, 'testdata', 'up-lifecycle');
const recorded: ProgressEvent[] = [];
const warnings: string[] = [];
const ctx: ComposeContext = {
  engine,
  events: (e) => recorded.push(e),
  parallel: -1,
  compatibility: false,
  composeVersion: '2.40.3',
  warn: (m) => warnings.push(m),
};
const projectFilter = { label: [`com.docker.compose.project=${projectName}`] };

function load(): Project {
  return loadProjectSync({
    cwd: dir,
    projectName,
    environment: { HOME: '/root', PATH: process.env.PATH, WEB_PORT: String(port) },
  });
}

async function containers(): Promise<ContainerSummary[]> {
  const list = await engine.containers.list({ all: true, filters: projectFilter });
  return list.sort((a, b) => (a.Names[0] < b.Names[0] ? -1 : 1));
}

function names(list: readonly ContainerSummary[]): string[] {
  return list.map((c) => c.Names[0].slice(1));
}

async function cleanup(): Promise<void> {
  for (const c of await engine.containers.list({ all: true, filters: projectFilter })) {
    await engine.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
  }
  for (const n of await engine.networks.list({ filters: projectFilter })) {
    await engine.networks.remove(n.Id).catch(() => undefined);
  }
  for (const v of (await engine.volumes.list({ filters: projectFilter })).Volumes) {
    await engine.volumes.remove(v.Name, { force: true }).catch(() => undefined);
  }
}

/** Engine events about the project's containers between two instants. */
async function engineEvents(since: number, until: number): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  const stream = await engine.events({
    since: since / 1000,
    until: until / 1000,
    filters: { type: ['container'], ...projectFilter },
  });
  for await (const e of stream) out.push(e);
  return out;
}

/** The HTTP status of the web service, retried while the server starts listening. */
async function httpStatus(): Promise<number> {
  const end = Date.now() + scaled(4_000);
  for (;;) {
    try {
      return await httpOnce();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function httpOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

before(cleanup);
after(async () => {
  try {
    await cleanup();
  } finally {
    engine.close();
  }
});

test('up -d creates the network, volume and containers with compose labels, in dependency order', async () => {
  const project = load();
  const code = await up(ctx, project, { detach: true });
  assert.equal(code, 0);
  const list = await containers();
  assert.deepEqual(names(list), [`${projectName}-db-1`, `${projectName}-web-1`]);
  assert.ok(list.every((c) => c.State === 'running'));

  const busybox = await engine.images.inspect('busybox:latest');
  const web = list[1];
  const labels = web.Labels ?? {};
  assert.equal(labels['com.docker.compose.project'], projectName);
  assert.equal(labels['com.docker.compose.service'], 'web');
  assert.equal(labels['com.docker.compose.container-number'], '1');
  assert.equal(labels['com.docker.compose.oneoff'], 'False');
  assert.equal(labels['com.docker.compose.config-hash'], configHash(project.services.web));
  assert.equal(labels['com.docker.compose.depends_on'], 'db:service_healthy:false');
  assert.equal(labels['com.docker.compose.image'], busybox.Id);
  assert.equal(labels['com.docker.compose.version'], '2.40.3');
  assert.equal(labels['com.docker.compose.project.working_dir'], dir);
  assert.equal(labels['com.docker.compose.project.config_files'], join(dir, 'compose.yaml'));
  assert.equal(labels.team, 'e2e');

  const network = await engine.networks.inspect(`${projectName}_default`);
  const networkLabels: Record<string, string | undefined> = network.Labels ?? {};
  assert.equal(networkLabels['com.docker.compose.network'], 'default');
  assert.equal(networkLabels['com.docker.compose.project'], projectName);
  assert.match(networkLabels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
  const inspected = await engine.containers.inspect(web.Id);
  assert.deepEqual(
    inspected.NetworkSettings.Networks?.[`${projectName}_default`]?.Aliases?.slice(0, 2),
    [`${projectName}-web-1`, 'web'],
  );
  const volume = await engine.volumes.inspect(`${projectName}_data`);
  assert.equal(volume.Labels?.['com.docker.compose.volume'], 'data');
  assert.ok(inspected.Mounts.some((m) => m.Name === `${projectName}_data` && !m.RW));

  // db became healthy before web started.
  const ids = recorded.map((e) => `${e.id} ${e.text}`);
  const healthy = ids.indexOf(`Container ${projectName}-db-1 Healthy`);
  const started = ids.indexOf(`Container ${projectName}-web-1 Started`);
  assert.ok(healthy >= 0 && started > healthy, ids.join('\n'));
  assert.equal(await httpStatus(), 404);
});

test('a no-op up makes no engine write and keeps every container', async () => {
  const before = await containers();
  recorded.length = 0;
  const since = Date.now() - 1;
  await up(ctx, load(), { detach: true });
  const until = Date.now() + 1000;
  const afterList = await containers();
  assert.deepEqual(
    afterList.map((c) => c.Id),
    before.map((c) => c.Id),
  );
  const writes = (await engineEvents(since, until)).filter((e) =>
    ['create', 'start', 'stop', 'kill', 'die', 'destroy', 'rename'].includes(e.Action),
  );
  assert.deepEqual(writes, []);
  assert.ok(recorded.some((e) => e.text === 'Running' && e.name === `${projectName}-web-1`));
  assert.ok(!recorded.some((e) => ['Creating', 'Recreate', 'Starting'].includes(e.text)));
});

test('a changed service is recreated, its dependency is not', async () => {
  const before = await containers();
  const project = load();
  const changed: Project = {
    ...project,
    services: {
      ...project.services,
      web: { ...project.services.web, environment: { GREETING: 'changed' } },
    },
  };
  await up(ctx, changed, { detach: true });
  const afterList = await containers();
  assert.deepEqual(names(afterList), names(before));
  assert.equal(afterList[0].Id, before[0].Id, 'db kept');
  assert.notEqual(afterList[1].Id, before[1].Id, 'web recreated');
  const webLabels: Record<string, string | undefined> = afterList[1].Labels ?? {};
  assert.equal(webLabels['com.docker.compose.replace'], 'web-1');
  assert.equal(webLabels['com.docker.compose.config-hash'], configHash(changed.services.web));
  const env = (await engine.containers.inspect(afterList[1].Id)).Config.Env ?? [];
  assert.ok(env.includes('GREETING=changed'));
  assert.equal(await httpStatus(), 404);
});

test('scale numbers new replicas after the highest and removes the highest first', async () => {
  const project = load();
  const noPorts: Project = {
    ...project,
    services: { ...project.services, web: { ...project.services.web, ports: [] } },
  };
  await up(ctx, noPorts, { detach: true, scale: { web: 3 } });
  assert.deepEqual(names(await containers()), [
    `${projectName}-db-1`,
    `${projectName}-web-1`,
    `${projectName}-web-2`,
    `${projectName}-web-3`,
  ]);
  await up(ctx, noPorts, { detach: true, scale: { web: 2 } });
  const two = await containers();
  assert.deepEqual(names(two), [
    `${projectName}-db-1`,
    `${projectName}-web-1`,
    `${projectName}-web-2`,
  ]);
  assert.deepEqual(
    two.map((c) => c.Labels?.['com.docker.compose.container-number']),
    ['1', '1', '2'],
  );
});

test('orphans are warned about with compose text and removed with --remove-orphans', async () => {
  const project = load();
  const { web: _web, ...rest } = project.services;
  const withoutWeb: Project = { ...project, services: rest };
  warnings.length = 0;
  await up(ctx, withoutWeb, { detach: true });
  const warning = warnings.find((w) => w.startsWith('Found orphan containers ('));
  assert.ok(warning, warnings.join('\n'));
  assert.match(warning, new RegExp(`${projectName}-web-1`));
  assert.match(
    warning,
    /you can run this command with the --remove-orphans flag to clean it up\.$/,
  );
  assert.equal((await containers()).length, 3);

  await up(ctx, withoutWeb, { detach: true, removeOrphans: true });
  assert.deepEqual(names(await containers()), [`${projectName}-db-1`]);
});
