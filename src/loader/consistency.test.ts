import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { decodeProject } from '../model/decode.js';
import { checkConsistency, checkContainerNames } from './consistency.js';
import { applyProfiles } from './profiles.js';

function check(tree: Record<string, unknown>, profiles: string[] = []): void {
  checkConsistency(applyProfiles(decodeProject(tree), profiles));
}

function rejects(tree: Record<string, unknown>, message: string, path: string): void {
  assert.throws(
    () => {
      check(tree);
    },
    (err: unknown) =>
      isComposeError(err, 'CONSISTENCY') && err.detail.includes(message) && err.path === path,
  );
}

test('consistency accepts a sound project', () => {
  check({
    services: {
      web: { image: 'w', depends_on: { db: { condition: 'service_started', required: true } } },
      db: {
        image: 'd',
        networks: { back: null },
        volumes: [{ type: 'volume', source: 'data', target: '/d' }],
      },
    },
    networks: { back: {} },
    volumes: { data: {} },
  });
});

test('consistency rejects undefined services with the dependency path', () => {
  rejects(
    {
      services: {
        myservice: {
          image: 'x',
          depends_on: { missing: { condition: 'service_started', required: true } },
        },
      },
    },
    'service "myservice" depends on undefined service "missing"',
    'services.myservice.depends_on.missing',
  );
});

test('a dependency disabled by profiles is an error unless not required', () => {
  const tree = (required: boolean): Record<string, unknown> => ({
    services: {
      web: { image: 'w', depends_on: { db: { condition: 'service_started', required } } },
      db: { image: 'd', profiles: ['debug'] },
    },
  });
  rejects(tree(true), 'depends on undefined service "db"', 'services.web.depends_on.db');
  check(tree(false));
});

test('consistency rejects undefined resources', () => {
  rejects(
    { services: { s: { image: 'x', secrets: [{ source: 'foo' }] } } },
    'service "s" refers to undefined secret foo',
    'services.s.secrets[0]',
  );
  rejects(
    { services: { s: { image: 'x', volumes: [{ type: 'volume', source: 'v', target: '/v' }] } } },
    'service "s" refers to undefined volume v',
    'services.s.volumes[0]',
  );
  rejects(
    { services: { s: { image: 'x', networks: { n: null } } } },
    'service "s" refers to undefined network n',
    'services.s.networks.n',
  );
  rejects(
    { services: { s: { image: 'x', configs: [{ source: 'c' }] } } },
    'service "s" refers to undefined config c',
    'services.s.configs[0]',
  );
});

test('consistency rejects exclusive attributes and missing images', () => {
  rejects(
    { services: { s: { environment: { A: 'b' } } } },
    'service "s" has neither an image nor a build context specified',
    'services.s',
  );
  rejects(
    {
      services: { s: { image: 'x', network_mode: 'host', networks: { n: null } } },
      networks: { n: {} },
    },
    'service s declares mutually exclusive `network_mode` and `networks`',
    'services.s.network_mode',
  );
  rejects(
    { services: { s: { image: 'x', scale: 2, deploy: { replicas: 3 } } } },
    "services.s: can't set distinct values on 'scale' and 'deploy.replicas'",
    'services.s.scale',
  );
  rejects(
    {
      services: {
        s: { image: 'x', mem_limit: '1g', deploy: { resources: { limits: { memory: '2g' } } } },
      },
    },
    "can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'",
    'services.s.mem_limit',
  );
  rejects(
    { services: { s: { image: 'x', scale: 2, container_name: 'c' } } },
    "services.s: can't set container_name and scale",
    'services.s.container_name',
  );
  rejects(
    { services: { s: { image: 'x', healthcheck: { test: ['BAD'] } } } },
    'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
    'services.s.healthcheck.test',
  );
});

test('consistency rejects two mounts on one target', () => {
  rejects(
    {
      services: {
        s: {
          image: 'x',
          tmpfs: ['/data'],
          volumes: [{ type: 'bind', source: '/h', target: '/data' }],
        },
      },
    },
    'services.s.volumes[0]: target /data already mounted as services.s.tmpfs[0]',
    'services.s.volumes[0]',
  );
});

test('consistency reports dependency cycles as compose-go does', () => {
  const dep = (name: string): Record<string, unknown> => ({
    [name]: { condition: 'service_started', required: true },
  });
  rejects(
    {
      services: {
        service1: { image: 'a', depends_on: dep('service2') },
        service2: { image: 'b', depends_on: dep('service3') },
        service3: { image: 'c', depends_on: dep('service1') },
      },
    },
    'dependency cycle detected: service1 -> service2 -> service3 -> service1',
    'services.service1.depends_on.service2',
  );
});

test('consistency copies scale into deploy.replicas', () => {
  const project = checkConsistency(
    applyProfiles(decodeProject({ services: { s: { image: 'x', scale: 2, deploy: {} } } }), []),
  );
  assert.equal(project.services.s.deploy!.replicas, 2);
});

test('checkContainerNames rejects a container name used twice', () => {
  const project = decodeProject({
    services: { a: { image: 'x', container_name: 'c' }, b: { image: 'y', container_name: 'c' } },
  });
  assert.throws(
    () => {
      checkContainerNames(project);
    },
    (err: unknown) =>
      isComposeError(err, 'CONSISTENCY') &&
      err.detail === 'services.b: container name "c" is already in use by service a' &&
      err.path === 'services.b.container_name',
  );
});
