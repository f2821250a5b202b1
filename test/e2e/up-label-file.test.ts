// `label_file` on the real engine: `up -d` puts the labels read from the files on the
// container (a later file wins, `labels:` wins over the files, compose's own labels win over
// both), `config` prints them under `labels` without `label_file`, and a missing file fails
// before anything is created.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope } from './support/engine.js';
import { ensureBuilt, runFlotilla } from './support/cli.js';

const scope = engineScope('labelfile');
const { engine } = scope;
const project = scope.prefix;
const dir = join(import.meta.dirname, 'testdata/label-file');
const env = { ...process.env, COMPOSE_PROGRESS: 'plain' };
const cli = (args: readonly string[], cwd = dir) =>
  runFlotilla(['-p', project, ...args], { env, cwd });

before(() => {
  ensureBuilt();
});

after(async () => {
  await cli(['down', '-t', '0']);
  await scope.cleanup();
});

test('up -d labels the container from label_file; labels and compose labels win', async () => {
  const up = await cli(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  const [c] = await engine.containers.list({
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  assert.ok(c, 'the web container runs');
  const labels = (await engine.containers.inspect(c.Id)).Config.Labels ?? {};
  assert.equal(labels['example.tier'], 'backend');
  assert.equal(labels['example.team'], 'payments');
  assert.equal(labels['example.owner'], 'platform-oncall');
  assert.equal(labels['example.role'], 'from-labels');
  assert.equal(labels['com.docker.compose.service'], 'web');

  const again = await cli(['up', '-d']);
  assert.equal(again.code, 0, again.stderr);
  const [same] = await engine.containers.list({
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  assert.equal(same.Id, c.Id, 'nothing changed: the container is kept');

  const config = await cli(['config', '--format', 'json']);
  assert.equal(config.code, 0, config.stderr);
  const web = (JSON.parse(config.stdout) as { services: Record<string, Record<string, unknown>> })
    .services.web;
  assert.equal(web.label_file, undefined);
  assert.deepEqual(web.labels, {
    'com.docker.compose.service': 'not-this',
    'example.owner': 'platform-oncall',
    'example.role': 'from-labels',
    'example.team': 'payments',
    'example.tier': 'backend',
    owner_team: 'platform',
  });
});

test('a missing label file fails naming it, and creates nothing', async () => {
  const other = mkdtempSync(join(tmpdir(), 'flotilla-label-file-'));
  copyFileSync(join(dir, 'compose.yaml'), join(other, 'compose.yaml'));
  writeFileSync(join(other, 'base.labels'), 'example.tier=backend\n');
  const r = await runFlotilla(['-p', `${project}-missing`, 'up', '-d'], { env, cwd: other });
  assert.notEqual(r.code, 0);
  const file = join(other, 'team.labels');
  assert.match(r.stderr, new RegExp(`label file ${file} not found`));
  assert.match(r.stderr, /^compose\.yaml:7:5: /m, "located at the service's label_file");
  const made = await engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}-missing`] },
  });
  assert.deepEqual(made, []);
  const networks = await engine.networks.list({
    filters: { label: [`com.docker.compose.project=${project}-missing`] },
  });
  assert.deepEqual(networks, []);
});
