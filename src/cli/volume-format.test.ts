import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProjectVolume } from '../api/compose.js';
import { formatVolumes, volumeFields } from './volume-format.js';

const data: ProjectVolume = {
  name: 'shop_data',
  driver: 'local',
  scope: 'local',
  mountpoint: '/var/lib/docker/volumes/shop_data/_data',
  labels: { 'com.docker.compose.volume': 'data', 'com.docker.compose.project': 'shop' },
  createdAt: '2026-01-02T03:04:05Z',
};

test('formatVolumes table has the docker CLI columns, at least 10 wide', () => {
  assert.equal(formatVolumes([data], 'table'), 'DRIVER    VOLUME NAME\nlocal     shop_data\n');
  assert.equal(formatVolumes([], 'table'), 'DRIVER    VOLUME NAME\n');
});

test('formatVolumes json prints one object per line with the formatter fields', () => {
  const line = formatVolumes([data], 'json');
  assert.ok(line.endsWith('}\n'));
  const parsed = JSON.parse(line) as Record<string, string>;
  assert.deepEqual(Object.keys(parsed), Object.keys(parsed).sort());
  assert.equal(parsed.Name, 'shop_data');
  assert.equal(parsed.Labels, 'com.docker.compose.project=shop,com.docker.compose.volume=data');
  assert.equal(parsed.Size, 'N/A');
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(volumeFields(data))));
  assert.equal(parsed.Label, undefined, 'a method taking arguments is no JSON field');
});

test('formatVolumes templates: fields, labels, json and table headers', () => {
  assert.equal(
    formatVolumes([data], '{{.Name}} {{.Label "com.docker.compose.volume"}} {{json .Scope}}'),
    'shop_data data "local"\n',
  );
  assert.equal(
    formatVolumes([data], 'table {{.Name}}\\t{{.Label "com.docker.compose.volume"}}'),
    'VOLUME NAME   volume\nshop_data     data\n',
  );
  assert.throws(() => formatVolumes([data], '{{.Nope}}'), /can't evaluate field Nope/);
  assert.throws(() => formatVolumes([data], '{{range .}}'), /template: :1: unexpected EOF/);
  assert.equal(
    formatVolumes([data], '{{range split .Labels ","}}[{{.}}]{{end}}'),
    '[com.docker.compose.project=shop][com.docker.compose.volume=data]\n',
  );
});
