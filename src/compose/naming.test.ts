import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  containerName,
  defaultImageName,
  displayName,
  nameSeparator,
  networkName,
  numberFromName,
  oneoffContainerName,
  recreateTemporaryName,
  isTemporaryName,
  volumeName,
} from './naming.js';

test('naming container names use the separator and replica number', () => {
  assert.equal(containerName('demo', 'web', 1), 'demo-web-1');
  assert.equal(containerName('demo', 'web', 3, { separator: nameSeparator(true) }), 'demo_web_3');
  assert.equal(nameSeparator(false), '-');
});

test('naming container_name replaces the whole name', () => {
  assert.equal(containerName('demo', 'web', 1, { containerName: 'my-web' }), 'my-web');
});

test('naming one-off names take the first 12 hex of the slug or --name', () => {
  const slug = '0123456789abcdef'.repeat(4);
  assert.equal(oneoffContainerName('demo', 'web', slug), 'demo-web-run-0123456789ab');
  assert.equal(oneoffContainerName('demo', 'web', slug, 'custom'), 'custom');
});

test('naming recreate temporary name', () => {
  assert.equal(recreateTemporaryName('f'.repeat(64), 'demo-web-1'), 'ffffffffffff_demo-web-1');
  assert.equal(isTemporaryName('0123456789ab_demo-web-1', 'demo-web-1'), true);
  assert.equal(isTemporaryName('demo-web-1', 'demo-web-1'), false);
  assert.equal(isTemporaryName('0123456789ab_demo-web-11', 'demo-web-1'), false);
  assert.equal(isTemporaryName('xyz_demo-web-1', 'demo-web-1'), false);
});

test('naming networks and volumes are project_key unless named or external', () => {
  assert.equal(networkName('demo', 'default'), 'demo_default');
  assert.equal(networkName('demo', 'front', { name: 'shared' }), 'shared');
  assert.equal(networkName('demo', 'outside', { external: true }), 'outside');
  assert.equal(volumeName('demo', 'data'), 'demo_data');
  assert.equal(volumeName('demo', 'data', { name: 'keep' }), 'keep');
});

test('naming default image name and display name', () => {
  assert.equal(defaultImageName('demo', 'web'), 'demo-web');
  assert.equal(defaultImageName('demo', 'web', '_'), 'demo_web');
  assert.equal(displayName('demo-web-1', 'demo'), 'web-1');
  assert.equal(displayName('/demo-web-1', 'demo'), 'web-1');
  assert.equal(displayName('custom', 'demo'), 'custom');
});

test('naming replica number from a name', () => {
  assert.equal(numberFromName('demo-web-12', 'demo', 'web'), 12);
  assert.equal(numberFromName('/demo_web_2', 'demo', 'web'), 2);
  assert.equal(numberFromName('custom', 'demo', 'web'), undefined);
  assert.equal(numberFromName('demo-web-run-abc', 'demo', 'web'), undefined);
});
