import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { loadModel, loadProject } from './load-project.js';

function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-load-'));
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  writeFileSync(join(dir, 'web.env'), 'FROM_FILE=1\nSHARED=file\n');
  return dir;
}

const YAML = `
name: demo
services:
  web:
    image: nginx
    env_file: web.env
    environment:
      SHARED: service
    depends_on: [db]
    mem_limit: 512m
  db:
    image: postgres
    volumes: [data:/var/lib/postgresql/data]
  debug:
    image: busybox
    profiles: [debug]
    networks: [dbg]
networks:
  dbg: {}
volumes:
  data: {}
  unused: {}
`;

test('loadProject returns the typed project after every phase', async () => {
  const cwd = project(YAML);
  const loaded = await loadProject({ cwd, environment: { HOME: cwd } });
  assert.equal(loaded.name, 'demo');
  assert.equal(loaded.workingDir, cwd);
  assert.deepEqual(Object.keys(loaded.services).sort(), ['db', 'web']);
  assert.deepEqual(Object.keys(loaded.disabledServices), ['debug']);
  const web = loaded.services.web;
  assert.equal(web.memLimit, 536870912);
  assert.deepEqual(web.environment, { FROM_FILE: '1', SHARED: 'service' });
  assert.equal(web.envFiles?.[0]?.path, join(cwd, 'web.env'));
  assert.deepEqual(Object.keys(loaded.volumes), ['data']);
  assert.deepEqual(Object.keys(loaded.networks), ['default']);
});

test('loadModel applies profiles, selection and pruning to the printed tree', () => {
  const cwd = project(YAML);
  const { model } = loadModel({
    cwd,
    environment: { HOME: cwd },
    services: ['debug'],
    discardEnvFiles: true,
  });
  assert.deepEqual(Object.keys(model.services as object), ['debug']);
  assert.deepEqual(Object.keys(model.networks as object), ['dbg']);
  assert.equal(model.volumes, undefined);
});

test('loadProject rejects with a located consistency error', async () => {
  const cwd = project('services:\n  web:\n    image: x\n    depends_on: [db]\n');
  await assert.rejects(
    loadProject({ cwd, environment: { HOME: cwd } }),
    (err: unknown) =>
      isComposeError(err, 'CONSISTENCY') &&
      err.detail.includes('service "web" depends on undefined service "db"') &&
      err.path === 'services.web.depends_on.db',
  );
});

test('label_file entries become labels: files in order, a later file wins, labels win over files', async () => {
  const cwd = project(`
services:
  web:
    image: nginx
    label_file: [base.labels, ./more.labels]
    labels:
      shared: service
`);
  writeFileSync(join(cwd, 'base.labels'), 'tier=web\nshared=base\nteam=a\n');
  writeFileSync(join(cwd, 'more.labels'), 'team=b\n# comment\nowner=${team}-ops\nshared=more\n');
  const loaded = await loadProject({ cwd, environment: { HOME: cwd } });
  assert.deepEqual(loaded.services.web.labels, {
    tier: 'web',
    shared: 'service',
    team: 'b',
    owner: 'a-ops',
  });
  assert.deepEqual(loaded.services.web.labelFiles, [
    join(cwd, 'base.labels'),
    join(cwd, 'more.labels'),
  ]);
  const { model } = loadModel({ cwd, environment: { HOME: cwd }, discardEnvFiles: true });
  const web = (model.services as Record<string, Record<string, unknown>>).web;
  assert.equal(web.label_file, undefined);
  assert.deepEqual(
    { ...(web.labels as object) },
    {
      tier: 'web',
      shared: 'service',
      team: 'b',
      owner: 'a-ops',
    },
  );
});

test('a missing label_file fails naming the file and the service field', async () => {
  const cwd = project(`
services:
  web:
    image: nginx
    label_file: nope.labels
`);
  await assert.rejects(loadProject({ cwd, environment: { HOME: cwd } }), (err) => {
    assert.ok(isComposeError(err));
    assert.equal(err.code, 'ENV_FILE');
    assert.equal(err.path, 'services.web.label_file');
    const file = join(cwd, 'nope.labels');
    assert.match(
      err.message,
      new RegExp(`label file ${file} not found: stat ${file}: no such file`),
    );
    return true;
  });
});
