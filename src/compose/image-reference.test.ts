import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRepositoryTag } from './image-reference.js';

test('parseRepositoryTag splits repository and tag, latest by default', () => {
  assert.deepEqual(parseRepositoryTag('app'), { repository: 'app', tag: 'latest' });
  assert.deepEqual(parseRepositoryTag('team/app:v1.2'), { repository: 'team/app', tag: 'v1.2' });
  assert.deepEqual(parseRepositoryTag('localhost:5000/app'), {
    repository: 'localhost:5000/app',
    tag: 'latest',
  });
  assert.deepEqual(parseRepositoryTag('Registry.example/a_b/c-d:x'), {
    repository: 'Registry.example/a_b/c-d',
    tag: 'x',
  });
});

test('parseRepositoryTag refuses what the docker client refuses', () => {
  assert.throws(() => parseRepositoryTag('App'), /repository name \(App\) must be lowercase/);
  assert.throws(() => parseRepositoryTag('app@sha256:abc'), /digest reference/);
  assert.throws(() => parseRepositoryTag('app:'), /invalid reference format: "app:"/);
  assert.throws(() => parseRepositoryTag('-app'), /invalid reference format/);
  assert.throws(() => parseRepositoryTag('a//b'), /invalid reference format/);
  assert.throws(() => parseRepositoryTag(':v1'), /invalid reference format/);
});
