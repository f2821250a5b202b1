import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyDefaultPlatform,
  imagesOf,
  matchesPattern,
  profilesOf,
  sectionKeys,
  servicesInDependencyOrder,
  tabTable,
  variablesTable,
} from './config-listings.js';

const model = {
  services: {
    web: { image: 'nginx', depends_on: { api: {}, cache: {} } },
    api: { build: { context: '.' }, depends_on: { db: {} }, pre_start: [{ image: 'migrate' }] },
    db: { image: 'postgres', pre_start: [{ image: 'postgres' }] },
    cache: { image: 'redis' },
  },
  volumes: { b: {}, a: {} },
};

test('config listings order services after their dependencies', () => {
  assert.deepEqual(servicesInDependencyOrder(model), ['db', 'api', 'cache', 'web']);
  assert.deepEqual(sectionKeys(model, 'volumes'), ['a', 'b']);
  assert.deepEqual(sectionKeys(model, 'networks'), []);
});

test('config listings name images, built ones after the project', () => {
  assert.deepEqual(imagesOf(model, 'shop'), ['shop-api', 'migrate', 'redis', 'postgres', 'nginx']);
  assert.deepEqual(imagesOf(model, 'shop', '_')[0], 'shop_api');
});

test('config listings collect profiles once, sorted', () => {
  assert.deepEqual(profilesOf([{ profiles: ['b', 'a'] }, {}, { profiles: ['a'] }]), ['a', 'b']);
});

test('config listings align tables as docker compose tabwriter', () => {
  assert.equal(
    tabTable([
      ['NAME', 'X'],
      ['A_VERY_LONG_VARIABLE_NAME', 'y'],
    ]),
    `NAME${' '.repeat(24)}X\nA_VERY_LONG_VARIABLE_NAME   y\n`,
  );
  const table = variablesTable(
    new Map([['PORT', { name: 'PORT', required: false, defaultValue: '80', alternateValue: '' }]]),
  );
  assert.equal(
    table,
    'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE\n' +
      'PORT                false               80                  \n',
  );
});

test('config listings match service patterns as filepath.Match', () => {
  assert.equal(matchesPattern('web', 'web'), true);
  assert.equal(matchesPattern('w*', 'web'), true);
  assert.equal(matchesPattern('w?b', 'web'), true);
  assert.equal(matchesPattern('[^a]eb', 'web'), true);
  assert.equal(matchesPattern('db', 'web'), false);
});

test('config listings apply DOCKER_DEFAULT_PLATFORM to built services', () => {
  assert.deepEqual(applyDefaultPlatform({ build: {} }, 's', 'linux/arm64'), {
    build: {},
    platform: 'linux/arm64',
  });
  const image = { image: 'x' };
  assert.equal(applyDefaultPlatform(image, 's', 'linux/arm64'), image);
  assert.throws(
    () => applyDefaultPlatform({ build: { platforms: ['linux/amd64'] } }, 's', 'linux/arm64'),
    /build.platforms does not support value set by DOCKER_DEFAULT_PLATFORM/,
  );
});
