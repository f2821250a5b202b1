import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceConfig } from '../model/service.js';
import { bakeDefinition, bakeTargetNames, buildArgs } from './bake-definition.js';
import { testProject } from './project.fixture.js';

const opts = {
  tagsOf: (s: ServiceConfig) => [s.image ?? `demo-${s.name}`],
  composeVersion: '2.40.3',
};

test('bakeDefinition maps every build field to its bake target key', () => {
  const project = testProject(
    [
      {
        name: 'web',
        command: null,
        entrypoint: null,
        image: 'shop/web:1',
        build: {
          context: '/srv/web',
          dockerfile: 'docker/Dockerfile',
          target: 'prod',
          args: { A: '1', B: null, C: 'has ${x}' },
          labels: { team: 'shop' },
          cacheFrom: ['type=registry,ref=127.0.0.1:5050/web:cache'],
          cacheTo: ['type=inline'],
          additionalContexts: { base: 'service:base', docs: '/srv/docs' },
          network: 'host',
          shmSize: 67108864,
          extraHosts: { db: ['10.0.0.2', '10.0.0.3'] },
          platforms: ['linux/amd64'],
          tags: ['shop/web:latest'],
          noCache: true,
          pull: true,
          ssh: [{ id: 'default' }, { id: 'deploy', path: '/keys/id' }],
          ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: { single: 64 } },
          noCacheFilter: ['deps'],
        },
      },
      { name: 'base', command: null, entrypoint: null, build: { context: '/srv/base' } },
    ],
    { environment: { B: 'from-env' } },
  );
  const { definition, targets } = bakeDefinition(project, ['web'], opts);
  assert.deepEqual(definition.group.default.targets, ['web']);
  assert.deepEqual(Object.keys(definition.target).sort(), ['base', 'web']);
  assert.equal(targets.get('base'), 'base');
  assert.deepEqual(definition.target.web, {
    context: '/srv/web',
    contexts: { base: 'target:base', docs: '/srv/docs' },
    dockerfile: '/srv/web/docker/Dockerfile',
    args: { A: '1', B: 'from-env', C: 'has $${x}' },
    labels: {
      team: 'shop',
      'com.docker.compose.version': '2.40.3',
      'com.docker.compose.project': 'demo',
      'com.docker.compose.service': 'web',
    },
    tags: ['shop/web:1'],
    'cache-from': ['type=registry,ref=127.0.0.1:5050/web:cache'],
    'cache-to': ['type=inline'],
    target: 'prod',
    ssh: ['default', 'deploy=/keys/id'],
    platforms: ['linux/amd64'],
    pull: true,
    'no-cache': true,
    'no-cache-filter': ['deps'],
    network: 'host',
    'shm-size': '67108864',
    ulimits: ['nofile=1024:2048', 'nproc=64'],
    'extra-hosts': { db: '10.0.0.2,10.0.0.3' },
    output: ['type=docker'],
  });
  assert.deepEqual(definition.target.base, {
    context: '/srv/base',
    labels: {
      'com.docker.compose.version': '2.40.3',
      'com.docker.compose.project': 'demo',
      'com.docker.compose.service': 'base',
    },
    tags: ['demo-base'],
    output: ['type=docker'],
  });
});

test('bakeDefinition gives secrets as references and their variables beside the definition', () => {
  const project = testProject(
    [
      {
        name: 'app',
        command: null,
        entrypoint: null,
        build: {
          context: '/srv',
          secrets: [{ source: 'token' }, { source: 'cert', target: 'tls' }, { source: 'gone' }],
        },
      },
    ],
    {
      secrets: {
        token: {
          name: 'demo_token',
          environment: 'API_TOKEN',
          content: 'hunter2',
        },
        cert: { name: 'demo_cert', file: '/srv/cert.pem' },
      },
      environment: { API_TOKEN: 'hunter2' },
    },
  );
  const bake = bakeDefinition(project, ['app'], { ...opts, ssh: [{ id: 'default' }] });
  assert.deepEqual(bake.definition.target.app.ssh, ['default']);
  assert.deepEqual(bake.definition.target.app.secret, [
    'id=token,type=env,env=API_TOKEN',
    'id=tls,type=file,src=/srv/cert.pem',
  ]);
  assert.deepEqual(bake.secretEnv, { API_TOKEN: 'hunter2' });
  assert.ok(!JSON.stringify(bake.definition).includes('hunter2'));
});

test('bakeDefinition keeps inline Dockerfiles literal and remote contexts unresolved', () => {
  const project = testProject([
    {
      name: 'i',
      command: null,
      entrypoint: null,
      build: { context: '/srv', dockerfileInline: 'FROM busybox\nRUN echo ${HOME}' },
    },
    {
      name: 'r',
      command: null,
      entrypoint: null,
      build: { context: 'https://github.com/x/y.git#main', dockerfile: 'Dockerfile' },
    },
    {
      name: 'multi',
      command: null,
      entrypoint: null,
      build: { context: '/srv', platforms: ['linux/amd64', 'linux/arm64'] },
    },
  ]);
  const { definition } = bakeDefinition(project, ['i', 'r', 'multi'], opts);
  assert.equal(definition.target.i['dockerfile-inline'], 'FROM busybox\nRUN echo $${HOME}');
  assert.equal(definition.target.r.dockerfile, 'Dockerfile');
  assert.deepEqual(definition.target.multi.output, ['type=image,push=false']);
  // build --push: bake pushes a named multi-platform image; one platform is loaded, then pushed.
  const named = testProject([
    {
      name: 'm',
      command: null,
      entrypoint: null,
      image: 'r.example/m:1',
      build: { context: '/srv', platforms: ['linux/amd64', 'linux/arm64'] },
    },
    {
      name: 'one',
      command: null,
      entrypoint: null,
      image: 'r.example/one:1',
      build: { context: '/srv' },
    },
  ]);
  const pushed = bakeDefinition(named, ['m', 'one'], { ...opts, push: true }).definition;
  assert.deepEqual(pushed.target.m.output, ['type=image,push=true']);
  assert.deepEqual(pushed.target.one.output, ['type=docker']);
});

test('bakeTargetNames replaces dots and keeps names unique in sorted order', () => {
  const project = testProject([
    { name: 'a.b', command: null, entrypoint: null, image: 'x' },
    { name: 'a_b', command: null, entrypoint: null, image: 'x' },
    { name: 'c', command: null, entrypoint: null, image: 'x' },
  ]);
  assert.deepEqual(
    [...bakeTargetNames(project)],
    [
      ['a.b', 'a_b'],
      ['a_b', 'a_b_'],
      ['c', 'c'],
    ],
  );
});

test('buildArgs lets --build-arg win and drops valueless args the environment lacks', () => {
  const project = testProject([], { environment: { FROM_ENV: 'e' } });
  const service: ServiceConfig = {
    name: 's',
    command: null,
    entrypoint: null,
    build: { args: { KEEP: 'k', OVER: 'old', MISSING: null } },
  };
  assert.deepEqual(buildArgs(project, service, { OVER: 'new', FROM_ENV: undefined }), {
    KEEP: 'k',
    OVER: 'new',
    FROM_ENV: 'e',
  });
});
