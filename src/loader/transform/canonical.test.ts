import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonical } from './canonical.js';
import { assertComposeError, frozen, plainAt, withService } from './test-support.js';

const strict = { skipInterpolation: false };
const lenient = { skipInterpolation: true };
const web = (attr: string) => ['services', 'web', attr];

test('canonical leaves a model without short syntax as it is', () => {
  const tree = frozen({
    name: 'p',
    services: { web: { image: 'nginx' } },
    'x-any': { ports: '1' },
  });
  assert.equal(JSON.stringify(canonical(tree, strict)), JSON.stringify(tree));
  assert.equal(canonical(tree, strict).services, tree.services);
});

test('canonical turns build context strings into mappings and descends into build', () => {
  const out = canonical(
    withService({
      build: { context: '.', ssh: ['default'], secrets: ['token'], provenance: true, sbom: 'x' },
    }),
    strict,
  );
  assert.deepEqual(plainAt(out, web('build')), {
    context: '.',
    ssh: { default: null },
    secrets: [{ source: 'token' }],
    provenance: 'true',
    sbom: 'x',
  });
  assert.deepEqual(plainAt(canonical(withService({ build: './app' }), strict), web('build')), {
    context: './app',
  });
  assertComposeError(
    () => canonical(withService({ build: 1 }), strict),
    'SCHEMA',
    'services.web.build: invalid type int for build',
    'services.web.build',
  );
});

test('canonical turns build.additional_contexts entries into a mapping', () => {
  const out = canonical(
    withService({ build: { additional_contexts: ['a=./a', 'b=x=y'] } }),
    strict,
  );
  assert.deepEqual(plainAt(out, [...web('build'), 'additional_contexts']), { a: './a', b: 'x=y' });
  assertComposeError(
    () => canonical(withService({ build: { additional_contexts: ['nope'] } }), strict),
    'SCHEMA',
    'services.web.build.additional_contexts: invalid value nope, expected key=value',
  );
  const kept = canonical(withService({ build: { additional_contexts: ['${X}'] } }), lenient);
  assert.deepEqual(plainAt(kept, [...web('build'), 'additional_contexts']), ['${X}']);
});

test('canonical reads build.ssh entries', () => {
  const out = canonical(withService({ build: { ssh: ['default', 'key=/path=x'] } }), strict);
  assert.deepEqual(plainAt(out, [...web('build'), 'ssh']), { default: null, key: '/path=x' });
  assertComposeError(
    () => canonical(withService({ build: { ssh: ['other'] } }), strict),
    'SCHEMA',
    'invalid ssh key "other"',
  );
  assertComposeError(
    () => canonical(withService({ build: { ssh: [1] } }), strict),
    'SCHEMA',
    'invalid ssh key type int',
  );
});

test('canonical fills depends_on conditions and reads the list form', () => {
  const list = canonical(withService({ depends_on: ['db', 'cache', 'db'] }), strict);
  assert.deepEqual(plainAt(list, web('depends_on')), {
    db: { condition: 'service_started', required: true },
    cache: { condition: 'service_started', required: true },
  });
  const map = canonical(
    withService({ depends_on: { db: { condition: 'service_healthy' }, x: { required: false } } }),
    strict,
  );
  assert.deepEqual(plainAt(map, web('depends_on')), {
    db: { condition: 'service_healthy', required: true },
    x: { condition: 'service_started', required: false },
  });
  assertComposeError(
    () => canonical(withService({ depends_on: { db: null } }), strict),
    'SCHEMA',
    'services.web.depends_on.db: unsupported value',
    'services.web.depends_on.db',
  );
  assertComposeError(
    () => canonical(withService({ depends_on: 'db' }), strict),
    'SCHEMA',
    'invalid type string for depends_on',
  );
});

test('canonical reads device mappings', () => {
  const out = canonical(
    withService({
      devices: ['/dev/a', '/dev/b:/dev/c', '/dev/d:/dev/e:r', '/dev/f::rw', { source: 's' }],
    }),
    strict,
  );
  assert.deepEqual(plainAt(out, web('devices')), [
    { source: '/dev/a', target: '/dev/a', permissions: 'rwm' },
    { source: '/dev/b', target: '/dev/c', permissions: 'rwm' },
    { source: '/dev/d', target: '/dev/e', permissions: 'r' },
    { source: '/dev/f', target: '/dev/f', permissions: 'rw' },
    { source: 's' },
  ]);
  assertComposeError(
    () => canonical(withService({ devices: ['a:b:c:d'] }), strict),
    'SCHEMA',
    'services.web.devices[0]: confusing device mapping, please use long syntax: a:b:c:d',
  );
  const lax = canonical(withService({ devices: ['a:b:c:d'] }), lenient);
  assert.deepEqual(plainAt(lax, web('devices')), [{ source: '', target: '', permissions: 'rwm' }]);
});

test('canonical reads env_file strings, lists and mappings', () => {
  assert.deepEqual(plainAt(canonical(withService({ env_file: '.env' }), strict), web('env_file')), [
    { path: '.env', required: true },
  ]);
  const out = canonical(
    withService({
      env_file: ['a.env', { path: 'b.env', required: false }, { path: 'c.env', format: 'raw' }],
    }),
    strict,
  );
  assert.deepEqual(plainAt(out, web('env_file')), [
    { path: 'a.env', required: true },
    { path: 'b.env', required: false },
    { path: 'c.env', format: 'raw', required: true },
  ]);
  assertComposeError(
    () => canonical(withService({ env_file: 1 }), strict),
    'SCHEMA',
    'invalid type int for env_file',
  );
});

test('canonical reads extends strings', () => {
  const out = canonical(withService({ extends: 'base' }), strict);
  assert.deepEqual(plainAt(out, web('extends')), { service: 'base' });
  const long = withService({ extends: { service: 'b', file: 'f.yaml' } });
  assert.equal(canonical(long, strict).services, long.services);
});

test('canonical reads gpus: all', () => {
  assert.deepEqual(plainAt(canonical(withService({ gpus: 'all' }), strict), web('gpus')), [
    { count: 'all' },
  ]);
  const list = canonical(withService({ gpus: [{ driver: 'nvidia' }] }), strict);
  assert.deepEqual(plainAt(list, web('gpus')), [{ driver: 'nvidia' }]);
  assertComposeError(() => canonical(withService({ gpus: 1 }), strict), 'SCHEMA', 'for gpus');
});

test('canonical turns network and model lists into mappings', () => {
  const out = canonical(withService({ networks: ['front', 'back'], models: ['llm'] }), strict);
  assert.deepEqual(plainAt(out, web('networks')), { front: null, back: null });
  assert.deepEqual(plainAt(out, web('models')), { llm: null });
});

test('canonical turns single strings into lists where lists are expected', () => {
  const out = canonical(
    withService({
      dns: '8.8.8.8',
      label_file: 'labels',
      develop: { watch: [{ path: '.', action: 'sync', ignore: 'node_modules', include: '*.js' }] },
    }),
    strict,
  );
  assert.deepEqual(plainAt(out, web('dns')), ['8.8.8.8']);
  assert.deepEqual(plainAt(out, web('label_file')), ['labels']);
  assert.deepEqual(plainAt(out, [...web('develop'), 'watch', 0]), {
    path: '.',
    action: 'sync',
    ignore: ['node_modules'],
    include: ['*.js'],
  });
});

test('canonical reads secret and config short syntax', () => {
  const out = canonical(withService({ secrets: ['s', { source: 't' }], configs: ['c'] }), strict);
  assert.deepEqual(plainAt(out, web('secrets')), [{ source: 's' }, { source: 't' }]);
  assert.deepEqual(plainAt(out, web('configs')), [{ source: 'c' }]);
  assertComposeError(
    () => canonical(withService({ secrets: [1] }), strict),
    'SCHEMA',
    'services.web.secrets[0]: unsupported type int',
  );
});

test('canonical keeps ulimits and refuses other types', () => {
  const tree = withService({ ulimits: { nproc: 65535, nofile: { soft: 1, hard: 2 } } });
  assert.equal(canonical(tree, strict).services, tree.services);
  assertComposeError(
    () => canonical(withService({ ulimits: { nproc: 'x' } }), strict),
    'SCHEMA',
    'services.web.ulimits.nproc: invalid type string',
  );
  assertComposeError(
    () => canonical(withService({ build: { ulimits: { nproc: 1.5 } } }), strict),
    'SCHEMA',
    'invalid type float64',
  );
});

test('canonical reads volume short syntax and cleans the target', () => {
  const out = canonical(
    withService({
      volumes: ['./src:/app/./code/', 'data:/data:ro', { type: 'tmpfs', target: '/t' }],
    }),
    strict,
  );
  assert.deepEqual(plainAt(out, web('volumes')), [
    { type: 'bind', source: './src', target: '/app/code', bind: { create_host_path: true } },
    { type: 'volume', source: 'data', target: '/data', read_only: true, volume: {} },
    { type: 'tmpfs', target: '/t' },
  ]);
  assertComposeError(
    () => canonical(withService({ volumes: ['/a:/b:ro:x'] }), strict),
    'SCHEMA',
    'services.web.volumes[0]: invalid spec: /a:/b:ro:x: too many colons',
    'services.web.volumes[0]',
  );
  const lax = canonical(withService({ volumes: ['${A}::ro'] }), lenient);
  assert.deepEqual(plainAt(lax, web('volumes')), ['${A}::ro']);
  assertComposeError(
    () => canonical(withService({ volumes: [true] }), strict),
    'SCHEMA',
    'invalid type bool for service volume mount',
  );
});

test('canonical expands port short syntax, keeping mappings', () => {
  const out = canonical(
    withService({ ports: [80, '8000-8001:90-91/udp', { target: 22, published: 2222 }] }),
    strict,
  );
  assert.deepEqual(plainAt(out, web('ports')), [
    { mode: 'ingress', target: 80, protocol: 'tcp' },
    { mode: 'ingress', target: 90, published: '8000', protocol: 'udp' },
    { mode: 'ingress', target: 91, published: '8001', protocol: 'udp' },
    { target: 22, published: 2222 },
  ]);
  assertComposeError(
    () => canonical(withService({ ports: ['127.0.1:8080:80'] }), strict),
    'SCHEMA',
    'services.web.ports[0]: Invalid ip address: 127.0.1',
    'services.web.ports[0]',
  );
  assertComposeError(
    () => canonical(withService({ ports: '80' }), strict),
    'SCHEMA',
    'services.web.ports: invalid type string for port',
  );
  assertComposeError(
    () => canonical(withService({ ports: [1.5] }), strict),
    'SCHEMA',
    'invalid type float64 for port',
  );
});

test('canonical leaves the whole port list alone when interpolation was skipped', () => {
  const lax = canonical(withService({ ports: ['80', '${HOST_IP}:${PORT}:80'] }), lenient);
  assert.deepEqual(plainAt(lax, web('ports')), ['80', '${HOST_IP}:${PORT}:80']);
  assertComposeError(
    () => canonical(withService({ ports: [9999999] }), lenient),
    'SCHEMA',
    'Invalid containerPort: 9999999',
  );
});

test('canonical turns the legacy external.name into name and external: true', () => {
  const out = canonical(
    frozen({
      volumes: { v: { external: { name: 'real' } }, w: { external: true }, n: null },
      networks: { n: { external: { name: 'x' }, name: 'x' } },
      secrets: { s: { external: {} } },
      configs: { c: { file: './c' } },
    }),
    strict,
  );
  assert.deepEqual(plainAt(out, ['volumes']), {
    v: { external: true, name: 'real' },
    w: { external: true },
    n: null,
  });
  assert.deepEqual(plainAt(out, ['networks', 'n']), { external: true, name: 'x' });
  assert.deepEqual(plainAt(out, ['secrets', 's']), { external: true });
  assert.deepEqual(plainAt(out, ['configs', 'c']), { file: './c' });
});

test('canonical refuses conflicting name and external.name', () => {
  assertComposeError(
    () =>
      canonical(
        frozen({ volumes: { external_volume: { name: 'a', external: { name: 'b' } } } }),
        strict,
      ),
    'CONSISTENCY',
    'volumes.external_volume: name and external.name conflict; only use name',
    'volumes.external_volume',
  );
  assertComposeError(
    () => canonical(frozen({ volumes: { data: 'x' } }), strict),
    'SCHEMA',
    'volumes.data must be a mapping',
  );
});

test('canonical reads include strings', () => {
  const out = canonical(frozen({ include: ['a.yaml', { path: ['b.yaml'] }] }), strict);
  assert.deepEqual(plainAt(out, ['include']), [{ path: 'a.yaml' }, { path: ['b.yaml'] }]);
  assertComposeError(
    () => canonical(frozen({ include: [1] }), strict),
    'SCHEMA',
    'include[0]: invalid type int for include',
  );
});

test('canonical leaves services that are not mappings alone', () => {
  const tree = frozen({ services: { web: null } });
  assert.equal(canonical(tree, strict), tree);
});

test('canonical treats service names with dots and reserved words as plain keys', () => {
  const services = JSON.parse('{"a.b":{"dns":"x"},"__proto__":{"dns":"y"}}') as Record<
    string,
    unknown
  >;
  const out = canonical(frozen({ services }), strict);
  assert.deepEqual(plainAt(out, ['services', 'a.b', 'dns']), ['x']);
  assert.deepEqual(plainAt(out, ['services', '__proto__', 'dns']), ['y']);
});
