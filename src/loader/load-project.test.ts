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
