import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setDefaults } from './defaults.js';
import { assertComposeError, frozen, plainAt, withService } from './test-support.js';

const web = (...rest: (string | number)[]) => ['services', 'web', ...rest];

test('setDefaults sets the build context to the project directory', () => {
  const out = setDefaults(withService({ build: { dockerfile: 'Dockerfile.dev' } }));
  assert.deepEqual(plainAt(out, web('build')), { dockerfile: 'Dockerfile.dev', context: '.' });
  const given = withService({ build: { context: 'app' } });
  assert.equal(setDefaults(given).services, given.services);
});

test('setDefaults sets port protocol and mode', () => {
  const out = setDefaults(
    withService({
      ports: [
        { target: 80, published: 8080 },
        { target: 53, protocol: 'udp', mode: 'host' },
        '${P}',
      ],
    }),
  );
  assert.deepEqual(plainAt(out, web('ports')), [
    { target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' },
    { target: 53, protocol: 'udp', mode: 'host' },
    '${P}',
  ]);
});

test('setDefaults mounts service secrets under /run/secrets', () => {
  const out = setDefaults(
    withService({
      secrets: [{ source: 'db' }, { source: 'x', target: '/x' }],
      configs: [{ source: 'c' }],
    }),
  );
  assert.deepEqual(plainAt(out, web('secrets')), [
    { source: 'db', target: '/run/secrets/db' },
    { source: 'x', target: '/x' },
  ]);
  assert.deepEqual(plainAt(out, web('configs')), [{ source: 'c' }]);
  assertComposeError(
    () => setDefaults(withService({ secrets: ['db'] })),
    'SCHEMA',
    'services.web.secrets[0]: unsupported type string',
  );
});

test('setDefaults asks for all devices when a request names no count nor ids', () => {
  const out = setDefaults(
    withService({
      gpus: [{ driver: 'nvidia' }, { device_ids: ['0'] }, { count: 2 }],
      deploy: { resources: { reservations: { devices: [{ capabilities: ['gpu'] }] } } },
    }),
  );
  assert.deepEqual(plainAt(out, web('gpus')), [
    { driver: 'nvidia', count: 'all' },
    { device_ids: ['0'] },
    { count: 2 },
  ]);
  assert.deepEqual(plainAt(out, web('deploy', 'resources', 'reservations', 'devices')), [
    { capabilities: ['gpu'], count: 'all' },
  ]);
  assertComposeError(
    () => setDefaults(withService({ gpus: ['all'] })),
    'SCHEMA',
    'services.web.gpus[0]: invalid type string for device request',
  );
});

test('setDefaults creates missing host paths of bind mounts by default', () => {
  const out = setDefaults(
    withService({
      volumes: [
        { type: 'bind', source: '/a', target: '/a', bind: {} },
        { type: 'bind', source: '/b', target: '/b', bind: { create_host_path: false } },
        { type: 'volume', source: 'v', target: '/v' },
      ],
    }),
  );
  assert.deepEqual(plainAt(out, web('volumes')), [
    { type: 'bind', source: '/a', target: '/a', bind: { create_host_path: true } },
    { type: 'bind', source: '/b', target: '/b', bind: { create_host_path: false } },
    { type: 'volume', source: 'v', target: '/v' },
  ]);
  assertComposeError(
    () => setDefaults(withService({ volumes: [{ type: 'bind', bind: null }] })),
    'SCHEMA',
    'services.web.volumes[0].bind: invalid type <nil> for service volume bind',
  );
});

test('setDefaults shares what it does not change', () => {
  const tree = frozen({ services: { a: { image: 'x' }, b: { build: {} } }, volumes: { v: {} } });
  const out = setDefaults(tree);
  assert.equal(out.volumes, tree.volumes);
  assert.equal(
    (out.services as Record<string, unknown>).a,
    (tree.services as Record<string, unknown>).a,
  );
  assert.deepEqual(plainAt(out, ['services', 'b', 'build']), { context: '.' });
});
