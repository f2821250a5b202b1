import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { mergeModel, mergeService, toSequence } from './merge.js';
import { deepCopy, type Dict } from './tree.js';

function tree(value: Record<string, unknown>): Dict {
  return deepCopy(value as Dict);
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Merges `override` onto `base`, both given as one service `web`, and returns the service. */
function mergeWeb(base: Record<string, unknown>, override: Record<string, unknown>): unknown {
  const merged = mergeModel(
    tree({ services: { web: base } }),
    tree({ services: { web: override } }),
  );
  return plain((merged.services as Dict).web);
}

test('merge replaces scalars, merges mappings key by key and appends sequences', () => {
  assert.deepEqual(
    mergeWeb(
      { image: 'a', cap_add: ['NET_ADMIN'], healthcheck: { interval: '1s', retries: 3 } },
      { image: 'b', cap_add: ['SYS_ADMIN'], healthcheck: { retries: 5 } },
    ),
    {
      image: 'b',
      cap_add: ['NET_ADMIN', 'SYS_ADMIN'],
      healthcheck: { interval: '1s', retries: 5 },
    },
  );
});

test('merge adds keys that only the override has and keeps those only the base has', () => {
  const merged = mergeModel(
    tree({ services: { web: { image: 'a' } }, volumes: { data: {} } }),
    tree({ services: { db: { image: 'b' } }, networks: { front: {} } }),
  );
  assert.deepEqual(plain(merged), {
    services: { web: { image: 'a' }, db: { image: 'b' } },
    volumes: { data: {} },
    networks: { front: {} },
  });
});

test('merge keeps the base value when the override is null', () => {
  assert.deepEqual(mergeWeb({ image: 'a', working_dir: '/w' }, { working_dir: null }), {
    image: 'a',
    working_dir: '/w',
  });
});

test('merge replaces command, entrypoint and healthcheck.test instead of appending', () => {
  assert.deepEqual(
    mergeWeb(
      { command: ['a', 'b'], entrypoint: ['sh'], healthcheck: { test: ['CMD', 'x'] } },
      { command: ['c'], entrypoint: 'bash', healthcheck: { test: ['NONE'] } },
    ),
    { command: ['c'], entrypoint: 'bash', healthcheck: { test: ['NONE'] } },
  );
});

test('merge turns environment, labels and build args into KEY=value sequences, sorted per side', () => {
  assert.deepEqual(
    mergeWeb(
      { environment: { B: 'b', A: 1, EMPTY: null }, labels: ['x=1'] },
      { environment: ['C=c', 'A=2'], labels: { y: 'true' } },
    ),
    { environment: ['A=1', 'B=b', 'EMPTY', 'C=c', 'A=2'], labels: ['x=1', 'y=true'] },
  );
  assert.deepEqual(mergeWeb({ build: { args: { V: 1 } } }, { build: { args: ['W=2'] } }), {
    build: { args: ['V=1', 'W=2'] },
  });
});

test('merge drops extra_hosts entries the base already has', () => {
  assert.deepEqual(
    mergeWeb(
      { extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2'] },
      { extra_hosts: ['b:2.2.2.2', 'c:3.3.3.3'] },
    ),
    { extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2', 'c:3.3.3.3'] },
  );
});

test('merge turns depends_on lists into mappings with compose defaults', () => {
  assert.deepEqual(
    mergeWeb({ depends_on: ['db'] }, { depends_on: { cache: { condition: 'service_healthy' } } }),
    {
      depends_on: {
        db: { condition: 'service_started', required: true },
        cache: { condition: 'service_healthy' },
      },
    },
  );
});

test('merge turns network lists into mappings and merges per network', () => {
  assert.deepEqual(
    mergeWeb({ networks: ['front'] }, { networks: { front: { aliases: ['w'] }, back: null } }),
    { networks: { front: { aliases: ['w'] }, back: null } },
  );
});

test('merge merges logging options only for the same driver', () => {
  assert.deepEqual(
    mergeWeb(
      { logging: { driver: 'json-file', options: { 'max-size': '1m' } } },
      { logging: { driver: 'json-file', options: { 'max-file': '3' } } },
    ),
    { logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } } },
  );
  assert.deepEqual(
    mergeWeb(
      { logging: { driver: 'json-file', options: { 'max-size': '1m' } } },
      { logging: { driver: 'syslog', options: { tag: 'x' } } },
    ),
    { logging: { driver: 'syslog', options: { tag: 'x' } } },
  );
  assert.deepEqual(
    mergeWeb({ logging: { driver: 'syslog' } }, { logging: { options: { tag: 'x' } } }),
    { logging: { driver: 'syslog', options: { tag: 'x' } } },
  );
});

test('merge reads build short syntax as the context', () => {
  assert.deepEqual(mergeWeb({ build: './a' }, { build: { dockerfile: 'D' } }), {
    build: { context: './a', dockerfile: 'D' },
  });
  assert.deepEqual(mergeWeb({ build: { context: './a', target: 't' } }, { build: './b' }), {
    build: { context: './b', target: 't' },
  });
});

test('merge replaces one ulimit as a whole and keeps the others', () => {
  assert.deepEqual(
    mergeWeb({ ulimits: { nofile: { soft: 1, hard: 2 }, nproc: 10 } }, { ulimits: { nofile: 5 } }),
    { ulimits: { nofile: 5, nproc: 10 } },
  );
});

test('merge merges ipam configs per subnet', () => {
  const merged = mergeModel(
    tree({
      networks: {
        n: { ipam: { config: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }] } },
      },
    }),
    tree({
      networks: {
        n: {
          ipam: {
            config: [{ subnet: '10.0.0.0/24', ip_range: '10.0.0.0/25' }, { subnet: '10.1.0.0/24' }],
          },
        },
      },
    }),
  );
  assert.deepEqual(plain(merged), {
    networks: {
      n: {
        ipam: {
          config: [
            { subnet: '10.0.0.0/24', gateway: '10.0.0.1', ip_range: '10.0.0.0/25' },
            { subnet: '10.1.0.0/24' },
          ],
        },
      },
    },
  });
});

test('merge refuses a mapping overridden by a scalar, naming the path', () => {
  assert.throws(
    () => mergeWeb({ healthcheck: { retries: 1 } }, { healthcheck: 'x' }),
    (err: unknown) =>
      isComposeError(err, 'SCHEMA') &&
      err.path === 'services.web.healthcheck' &&
      err.message.includes('cannot override services.web.healthcheck'),
  );
  assert.throws(
    () => mergeWeb({ cap_add: ['A'] }, { cap_add: 'B' }),
    (err: unknown) => isComposeError(err, 'SCHEMA') && err.path === 'services.web.cap_add',
  );
});

test('mergeService applies the service rules to an extended service', () => {
  const merged = mergeService(
    tree({ image: 'a', command: ['x', 'y'], environment: { A: '1' } }),
    tree({ command: ['z'], environment: { B: '2' } }),
  );
  assert.deepEqual(plain(merged), { image: 'a', command: ['z'], environment: ['A=1', 'B=2'] });
});

test('toSequence prints values the way Go prints them', () => {
  assert.deepEqual(toSequence(tree({ B: true, A: 1.5, C: ['x', 'y'], D: null })), [
    'A=1.5',
    'B=true',
    'C=x',
    'C=y',
    'D',
  ]);
  assert.deepEqual(toSequence('single'), ['single']);
  assert.deepEqual(toSequence(undefined), []);
});
