import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LABEL,
  containerLabels,
  dependsOnLabel,
  parseDependsOnLabel,
  projectContainerFilters,
  resourceLabels,
  withoutComposeLabels,
} from './labels.js';

const base = {
  project: 'demo',
  service: 'web',
  configHash: 'a'.repeat(64),
  version: 'v2.40.3',
  workingDir: '/srv/demo',
  configFiles: ['/srv/demo/compose.yaml', '/srv/demo/compose.override.yaml'],
  dependsOn: [],
};

test('labels keys match docker compose spelling', () => {
  assert.equal(LABEL.project, 'com.docker.compose.project');
  assert.equal(LABEL.containerNumber, 'com.docker.compose.container-number');
  assert.equal(LABEL.configHash, 'com.docker.compose.config-hash');
  assert.equal(LABEL.workingDir, 'com.docker.compose.project.working_dir');
  assert.equal(LABEL.configFiles, 'com.docker.compose.project.config_files');
  assert.equal(LABEL.environmentFile, 'com.docker.compose.project.environment_file');
  assert.equal(LABEL.dependsOn, 'com.docker.compose.depends_on');
});

test('labels service container carries number, oneoff False and version without v', () => {
  const l = containerLabels({ ...base, number: 2, oneoff: false });
  assert.equal(l[LABEL.containerNumber], '2');
  assert.equal(l[LABEL.oneoff], 'False');
  assert.equal(l[LABEL.version], '2.40.3');
  assert.equal(l[LABEL.configFiles], '/srv/demo/compose.yaml,/srv/demo/compose.override.yaml');
  assert.equal(l[LABEL.dependsOn], '');
  assert.equal(LABEL.environmentFile in l, false);
  assert.equal(LABEL.slug in l, false);
  assert.equal(LABEL.image in l, false);
});

test('labels one-off container has slug, oneoff True and no container-number', () => {
  const slug = 'b'.repeat(64);
  const l = containerLabels({ ...base, number: 1, oneoff: true, slug });
  assert.equal(l[LABEL.oneoff], 'True');
  assert.equal(l[LABEL.slug], slug);
  assert.equal(LABEL.containerNumber in l, false);
});

test('labels compose labels win over user labels', () => {
  const l = containerLabels({
    ...base,
    number: 1,
    oneoff: false,
    userLabels: { 'com.docker.compose.project': 'evil', team: 'a' },
    environmentFiles: ['/srv/demo/.env.prod'],
    imageId: 'sha256:abc',
    replace: 'web-1',
  });
  assert.equal(l[LABEL.project], 'demo');
  assert.equal(l.team, 'a');
  assert.equal(l[LABEL.environmentFile], '/srv/demo/.env.prod');
  assert.equal(l[LABEL.image], 'sha256:abc');
  assert.equal(l[LABEL.replace], 'web-1');
});

test('labels depends_on round-trips and defaults missing fields', () => {
  const v = dependsOnLabel([
    { service: 'redis', condition: 'service_started', restart: true },
    { service: 'db', condition: 'service_healthy', restart: false },
  ]);
  assert.equal(v, 'db:service_healthy:false,redis:service_started:true');
  assert.deepEqual(parseDependsOnLabel(v), [
    { service: 'db', condition: 'service_healthy', restart: false },
    { service: 'redis', condition: 'service_started', restart: true },
  ]);
  assert.deepEqual(parseDependsOnLabel(''), []);
  assert.deepEqual(parseDependsOnLabel('db'), [
    { service: 'db', condition: 'service_started', restart: false },
  ]);
});

test('labels network and volume resources', () => {
  const n = resourceLabels({
    kind: 'network',
    project: 'p',
    key: 'default',
    version: '5.5.0',
    configHash: 'h',
  });
  assert.deepEqual(n, {
    'com.docker.compose.network': 'default',
    'com.docker.compose.project': 'p',
    'com.docker.compose.version': '5.5.0',
    'com.docker.compose.config-hash': 'h',
  });
  const v = resourceLabels({
    kind: 'volume',
    project: 'p',
    key: 'data',
    version: '5.5.0',
    userLabels: { a: 'b' },
  });
  assert.equal(v['com.docker.compose.volume'], 'data');
  assert.equal(v.a, 'b');
  assert.equal('com.docker.compose.network' in v, false);
});

test('labels project container filters', () => {
  assert.deepEqual(projectContainerFilters('p'), [
    'com.docker.compose.project=p',
    'com.docker.compose.config-hash',
  ]);
  assert.deepEqual(projectContainerFilters('p', { oneoff: false, service: 'web' }), [
    'com.docker.compose.project=p',
    'com.docker.compose.config-hash',
    'com.docker.compose.oneoff=False',
    'com.docker.compose.service=web',
  ]);
});

test('labels withoutComposeLabels keeps only user labels', () => {
  assert.deepEqual(withoutComposeLabels({ 'com.docker.compose.project': 'p', x: '1' }), { x: '1' });
  assert.deepEqual(withoutComposeLabels(null), {});
});
