import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProject } from './decode.js';
import { ModelError } from './model-error.js';

test('decodeProject converts sizes, durations, commands and hosts', () => {
  const project = decodeProject({
    name: 'demo',
    services: {
      web: {
        image: 'nginx',
        command: 'echo "hello world"',
        mem_limit: '512m',
        stop_grace_period: '1m30s',
        healthcheck: { test: 'curl -f http://localhost', interval: '10s', retries: 3 },
        extra_hosts: ['alpha=10.0.0.1', 'beta:ff02::1', 'alpha=10.0.0.2'],
        ulimits: { nproc: 65535, nofile: { soft: 1, hard: 2 } },
        environment: { A: '1', B: null },
        'x-custom': { a: 1 },
      },
    },
  });
  const web = project.services.web;
  assert.equal(project.name, 'demo');
  assert.equal(web.name, 'web');
  assert.deepEqual(web.command, ['echo', 'hello world']);
  assert.equal(web.entrypoint, null);
  assert.equal(web.memLimit, 536870912);
  assert.equal(web.stopGracePeriod, 90e9);
  assert.deepEqual(web.healthcheck, {
    test: ['CMD-SHELL', 'curl -f http://localhost'],
    interval: 10e9,
    retries: 3,
  });
  assert.deepEqual(web.extraHosts, { alpha: ['10.0.0.1', '10.0.0.2'], beta: ['ff02::1'] });
  assert.deepEqual(web.ulimits, { nproc: { single: 65535 }, nofile: { soft: 1, hard: 2 } });
  assert.deepEqual(web.environment, { A: '1', B: null });
  assert.deepEqual(web.extensions, { 'x-custom': { a: 1 } });
  assert.equal('image' in web && !('build' in web), true, 'absent keys stay absent');
});

test('decodeProject reads resources with their engine names and secret values', () => {
  const project = decodeProject({
    services: {},
    networks: { front: { name: 'demo_front', ipam: {} } },
    volumes: { data: { name: 'demo_data', external: true } },
    secrets: { token: { name: 'demo_token', environment: 'TOKEN', 'x-#value': 's3cret' } },
    'x-top': 1,
  });
  assert.deepEqual(project.networks.front, { name: 'demo_front', ipam: {} });
  assert.equal(project.volumes.data.external, true);
  assert.equal(project.secrets.token.content, 's3cret');
  assert.equal(project.secrets.token.extensions, undefined);
  assert.deepEqual(project.extensions, { 'x-top': 1 });
});

test('decodeProject keeps long-syntax ports, volumes, depends_on and networks', () => {
  const project = decodeProject({
    services: {
      web: {
        image: 'nginx',
        ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
        volumes: [{ type: 'tmpfs', target: '/tmp', tmpfs: { size: '1m', mode: '1777' } }],
        depends_on: { db: { condition: 'service_healthy', required: false } },
        networks: { default: null, back: { aliases: ['api'] } },
        secrets: [{ source: 's', mode: '0440' }],
      },
    },
  });
  const web = project.services.web;
  assert.deepEqual(web.ports, [
    { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
  ]);
  assert.deepEqual(web.volumes![0].tmpfs, { size: 1048576, mode: 0o1777 });
  assert.deepEqual(web.dependsOn, { db: { condition: 'service_healthy', required: false } });
  assert.deepEqual(web.networks, { default: null, back: { aliases: ['api'] } });
  assert.equal(web.secrets![0].mode, 0o440);
});

test('decodeProject names the path of a value it cannot convert', () => {
  assert.throws(
    () => decodeProject({ services: { web: { image: 'x', mem_limit: 'lots' } } }),
    (err: unknown) =>
      err instanceof ModelError &&
      err.path.join('.') === 'services.web.mem_limit' &&
      err.message === "'services[web].mem_limit' invalid size: 'lots'",
  );
});

test('decodeProject keeps a service named __proto__ as an own entry', () => {
  const services = Object.create(null) as Record<string, unknown>;
  services.__proto__ = { image: 'x' };
  const project = decodeProject({ services });
  assert.equal(Object.hasOwn(project.services, '__proto__'), true);
  assert.equal(Object.keys(project.services).length, 1);
});

test('decodeProject reads a device count of all as -1 and rejects other words', () => {
  const tree = (count: unknown): Record<string, unknown> => ({
    services: { s: { image: 'x', gpus: [{ driver: 'nvidia', count }] } },
  });
  assert.equal(decodeProject(tree('all')).services.s.gpus?.[0].count, -1);
  assert.equal(decodeProject(tree(2)).services.s.gpus?.[0].count, 2);
  assert.throws(
    () => decodeProject(tree('some_string')),
    /invalid value "some_string", the only value allowed is 'all' or a number/,
  );
});
