// `volumes` through the built CLI against the real engine: the project's named volumes (not the
// anonymous one) in docker's table, -q, json and template forms, per service, from the project
// name alone, and an unknown service refused.
import assert from 'node:assert/strict';

import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope } from './support/engine.js';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';

const scope = engineScope('flvx-volumes');
const { engine } = scope;
const project = scope.prefix;
const composeFile = join(import.meta.dirname, 'testdata/cli-volumes/compose.yaml');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };
const data = `${project}_data`;
const cache = `${project}-named-cache`;

function cli(args: readonly string[]): Promise<CliResult> {
  return runFlotilla(['-p', project, ...args], { env });
}

before(async () => {
  ensureBuilt();
  const up = await cli(['-f', composeFile, 'up', '-d']);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await cli(['-f', composeFile, 'down', '-v', '-t', '0']);
});

test('volumes lists the named volumes in the docker table, sorted, without the anonymous one', async () => {
  const r = await cli(['-f', composeFile, 'volumes']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `DRIVER    VOLUME NAME\nlocal     ${cache}\nlocal     ${data}\n`);
  // The anonymous volume exists on web's container, yet is not the project's.
  const web = await engine.containers.inspect(`${project}-web-1`);
  assert.ok(web.Mounts.some((m) => m.Destination === '/anonymous' && m.Name !== undefined));
});

test('volumes -q prints the names, and SERVICE keeps the volumes its containers mount', async () => {
  const all = await cli(['-f', composeFile, 'volumes', '-q']);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, `${cache}\n${data}\n`);
  const db = await cli(['-f', composeFile, 'volumes', '-q', 'db']);
  assert.equal(db.stdout, `${data}\n`);
  const both = await cli(['-f', composeFile, 'volumes', '--quiet', 'web', 'db']);
  assert.equal(both.stdout, `${cache}\n${data}\n`);
});

test('volumes --format json and a Go template show the engine fields and labels', async () => {
  const json = await cli(['-f', composeFile, 'volumes', '--format', 'json', 'db']);
  assert.equal(json.code, 0, json.stderr);
  const lines = json.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  const v = JSON.parse(lines[0]) as Record<string, string>;
  const inspected = await engine.volumes.inspect(data);
  assert.equal(v.Name, data);
  assert.equal(v.Driver, 'local');
  assert.equal(v.Scope, 'local');
  assert.equal(v.Mountpoint, inspected.Mountpoint);
  assert.match(v.Labels, /(^|,)com\.docker\.compose\.volume=data(,|$)/);
  assert.match(v.Labels, new RegExp(`(^|,)com\\.docker\\.compose\\.project=${project}(,|$)`));
  const template = await cli([
    '-f',
    composeFile,
    'volumes',
    '--format',
    '{{.Name}} {{.Label "com.docker.compose.volume"}}',
  ]);
  assert.equal(template.stdout, `${cache} cache\n${data} data\n`);
  // The same template engine as every --format: functions, table headers, {{json .}} = json.
  const table = await cli([
    '-f',
    composeFile,
    'volumes',
    '--format',
    'table {{upper .Driver}}\\t{{.Label "com.docker.compose.volume"}}',
  ]);
  assert.equal(table.stdout, `DRIVER    volume\nLOCAL     cache\nLOCAL     data\n`);
  const same = await cli(['-f', composeFile, 'volumes', '--format', '{{json .}}', 'db']);
  assert.equal(same.stdout, json.stdout);
  const bad = await cli(['-f', composeFile, 'volumes', '--format', '{{.Nope}}']);
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr,
    'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.volumeContext\n',
  );
});

test('volumes works from the project name alone and counts stopped containers', async () => {
  const stop = await cli(['-f', composeFile, 'stop', '-t', '0', 'db']);
  assert.equal(stop.code, 0, stop.stderr);
  try {
    const r = await cli(['volumes', '-q', 'db']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${data}\n`);
  } finally {
    await cli(['-f', composeFile, 'start', 'db']);
  }
});

test('volumes with an unknown service fails before listing anything', async () => {
  const r = await cli(['-f', composeFile, 'volumes', 'nope']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no such service: nope/);
});
