import assert from 'node:assert/strict';
import { test } from 'node:test';
import { platformOf, repoTag } from './image-list.js';

test('repoTag prefers the tag the container names, then the first tag', () => {
  assert.deepEqual(repoTag('nginx', ['mirror/nginx:1', 'nginx:latest']), ['nginx', 'latest']);
  assert.deepEqual(repoTag('sha256:abc', ['reg:5000/app:v2']), ['reg:5000/app', 'v2']);
  assert.deepEqual(repoTag('x', []), ['<none>', '<none>']);
});

test('platformOf joins OS, architecture and variant', () => {
  assert.equal(platformOf({ Os: 'linux', Architecture: 'arm64', Variant: 'v8' }), 'linux/arm64/v8');
  assert.equal(platformOf({ Os: 'linux', Architecture: 'amd64' }), 'linux/amd64');
});
