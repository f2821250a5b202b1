import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError, type ComposeError } from '../../api/errors.js';
import type { Dict, Path } from '../tree.js';
import { interpolate, interpolateInPlace } from './interpolate.js';

const env: Record<string, string> = { FOO: 'first', EMPTY: '', N: '3', YES: 'yes' };
const lookup = (name: string): string | undefined =>
  Object.hasOwn(env, name) ? env[name] : undefined;

function run(tree: Dict): Dict {
  return interpolate(tree, { lookup });
}

function failure(tree: Dict): ComposeError {
  try {
    run(tree);
  } catch (err) {
    assert.ok(isComposeError(err, 'INTERPOLATION'));
    return err;
  }
  assert.fail('no error');
}

test('interpolate substitutes string values at every depth and leaves keys alone', () => {
  const out = run({
    name: '${FOO}',
    services: { $FOO: { image: 'img:${N}', command: ['echo', '$FOO', 1, true, null] } },
    'x-meta': { nested: [{ deep: '${EMPTY:-dflt}' }] },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    name: 'first',
    services: { $FOO: { image: 'img:3', command: ['echo', 'first', 1, true, null] } },
    'x-meta': { nested: [{ deep: 'dflt' }] },
  });
});

test('interpolate returns a new tree and never modifies the input', () => {
  const shared = { image: '${FOO}' };
  const input: Dict = { services: { a: shared, b: shared }, list: [shared] };
  const before = JSON.stringify(input);
  const out = run(input);
  assert.equal(JSON.stringify(input), before);
  const services = out.services as Record<string, Dict>;
  assert.notEqual(services.a, shared);
  assert.notEqual(services.a, services.b);
  assert.equal(services.a.image, 'first');
  assert.equal('constructor' in services.a || 'toString' in services.a, false);
});

test('interpolateInPlace substitutes and casts where the values lie, returning the same tree', () => {
  const command = ['echo', '$FOO', 1];
  const web: Dict = { image: 'img:${N}', command, privileged: '${YES}', scale: '${N}' };
  const tree: Dict = { services: { web }, 'x-keep': { note: 'plain' } };
  const out = interpolateInPlace(tree, { lookup });
  assert.equal(out, tree);
  assert.equal((out.services as Dict).web, web);
  assert.equal(web.command, command);
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    services: {
      web: { image: 'img:3', command: ['echo', 'first', 1], privileged: true, scale: 3 },
    },
    'x-keep': { note: 'plain' },
  });
});

test('interpolate keeps keys such as __proto__ as ordinary keys', () => {
  const services = Object.create(null) as Dict;
  services.__proto__ = { image: '$FOO' };
  const out = run({ services });
  const got = out.services as Dict;
  assert.ok(Object.hasOwn(got, '__proto__'));
  assert.deepEqual({ ...(got.__proto__ as Dict) }, { image: 'first' });
});

test('interpolate casts strings at typed paths, including quoted literals', () => {
  const out = run({
    services: {
      web: {
        scale: '${N}',
        cpus: '0.1',
        cpu_count: '4',
        cpu_percent: '12.5',
        privileged: 'true',
        tty: 'FALSE',
        ports: [{ target: '80', published: '8080' }, '80:80'],
        ulimits: { nproc: '5', nofile: { soft: '1', hard: '2' } },
        depends_on: { db: { required: 'false', restart: 'true', condition: 'service_started' } },
        deploy: { replicas: '2', update_config: { max_failure_ratio: '0.5' } },
        healthcheck: { retries: '3', disable: 'false' },
        volumes: [{ type: 'volume', read_only: 'true', volume: { nocopy: 'true' } }],
        environment: { A: '1' },
      },
    },
    networks: { n: { external: 'true', internal: 'false', enable_ipv6: 'true' } },
    volumes: { v: { external: 'false' } },
    secrets: { s: { external: 'true' } },
    configs: { c: { external: 'true' } },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    services: {
      web: {
        scale: 3,
        cpus: 0.1,
        cpu_count: 4,
        cpu_percent: 12.5,
        privileged: true,
        tty: false,
        ports: [{ target: 80, published: '8080' }, '80:80'],
        ulimits: { nproc: 5, nofile: { soft: 1, hard: 2 } },
        depends_on: { db: { required: false, restart: true, condition: 'service_started' } },
        deploy: { replicas: 2, update_config: { max_failure_ratio: 0.5 } },
        healthcheck: { retries: 3, disable: false },
        volumes: [{ type: 'volume', read_only: true, volume: { nocopy: true } }],
        environment: { A: '1' },
      },
    },
    networks: { n: { external: true, internal: false, enable_ipv6: true } },
    volumes: { v: { external: false } },
    secrets: { s: { external: true } },
    configs: { c: { external: true } },
  });
});

test('interpolate leaves values that were not strings uncast', () => {
  const out = run({ services: { web: { scale: 2, privileged: 1, init: null, cpus: 1.5 } } });
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    services: { web: { scale: 2, privileged: 1, init: null, cpus: 1.5 } },
  });
});

test('interpolate only casts at the listed paths', () => {
  const out = run({
    services: { web: { labels: { scale: '3' }, ports: ['80'], deploy: { scale: '1' } } },
    scale: '3',
    networks: { n: { driver_opts: { external: 'true' } } },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    services: { web: { labels: { scale: '3' }, ports: ['80'], deploy: { scale: '1' } } },
    scale: '3',
    networks: { n: { driver_opts: { external: 'true' } } },
  });
});

test('interpolate accepts YAML 1.1 booleans with a warning', () => {
  const warnings: [string, Path][] = [];
  const out = interpolate(
    { services: { web: { privileged: '$YES', tty: 'Off', init: 'n' } } },
    { lookup, onWarning: (m, p) => warnings.push([m, p]) },
  );
  assert.deepEqual(JSON.parse(JSON.stringify(out)), {
    services: { web: { privileged: true, tty: false, init: false } },
  });
  assert.deepEqual(warnings, [
    [
      '"yes" for boolean is not supported by YAML 1.2, please use `true`',
      ['services', 'web', 'privileged'],
    ],
    [
      '"Off" for boolean is not supported by YAML 1.2, please use `false`',
      ['services', 'web', 'tty'],
    ],
    [
      '"n" for boolean is not supported by YAML 1.2, please use `false`',
      ['services', 'web', 'init'],
    ],
  ]);
});

test('interpolate fails on a value that cannot be cast, with the path', () => {
  let err = failure({ services: { web: { scale: 'many' } } });
  assert.equal(
    err.message,
    'error while interpolating services.web.scale: failed to cast to expected type: strconv.Atoi: parsing "many": invalid syntax',
  );
  assert.equal(err.path, 'services.web.scale');
  err = failure({ services: { web: { privileged: 'maybe' } } });
  assert.equal(
    err.message,
    'error while interpolating services.web.privileged: failed to cast to expected type: invalid boolean: maybe',
  );
  err = failure({ services: { web: { ports: [{ target: '${EMPTY}' }] } } });
  assert.equal(
    err.message,
    'error while interpolating services.web.ports[0].target: failed to cast to expected type: strconv.Atoi: parsing "": invalid syntax',
  );
  assert.equal(err.path, 'services.web.ports[0].target');
  err = failure({ services: { web: { cpus: 'x' } } });
  assert.match(err.message, /failed to cast to expected type: strconv\.ParseFloat: parsing "x"/);
  err = failure({ services: { web: { cpu_count: '1.5' } } });
  assert.match(err.message, /strconv\.ParseInt: parsing "1\.5": invalid syntax/);
});

test('interpolate words an invalid template as compose does', () => {
  const err = failure({ services: { test: { labels: { value: 'x ${ foo}' } } } });
  assert.equal(
    err.message,
    'invalid interpolation format for services.test.labels.value.\nYou may need to escape any $ with another $.\nx ${ foo}',
  );
  assert.equal(err.path, 'services.test.labels.value');
});

test('interpolate words a missing required variable as compose does', () => {
  const err = failure({ services: { test: { environment: ['A=${UNSET:?set it}'] } } });
  assert.equal(
    err.message,
    'error while interpolating services.test.environment[0]: required variable UNSET is missing a value: set it',
  );
  assert.equal(err.path, 'services.test.environment[0]');
});

test('interpolate reports unset variables with the path of the value', () => {
  const seen: [string, Path][] = [];
  interpolate(
    { services: { web: { image: '${IMG}:${TAG-latest}', command: ['$ARG', '$FOO'] } } },
    { lookup, onUnset: (v, p) => seen.push([v, p]) },
  );
  assert.deepEqual(seen, [
    ['IMG', ['services', 'web', 'image']],
    ['ARG', ['services', 'web', 'command', 0]],
  ]);
});

test('interpolate replaces every template of a large tree', () => {
  const services: Dict = {};
  for (let i = 0; i < 500; i++) {
    services[`s${i}`] = {
      image: `repo/image-${i}:latest`,
      environment: { A: 'plain', B: '${FOO}', C: 'x' },
      ports: [{ target: '80', published: '8080' }],
      labels: ['a=b', 'c=d'],
      deploy: { replicas: 2, resources: { limits: { cpus: '0.5' } } },
    };
  }
  const tree: Dict = { services };
  const out = run(tree);
  // Speed is measured by `npm run bench`; here: every template of the large tree is replaced.
  assert.ok(!JSON.stringify(out).includes('${FOO}'));
});
