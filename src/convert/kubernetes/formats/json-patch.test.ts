import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch, jsonDiff, pointerSegment } from './json-patch.js';

test('jsonDiff gives add, remove and replace operations that turn one object into the other', () => {
  const from = {
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', old: 'x' } },
    spec: { replicas: 1, ports: [{ port: 80 }], containers: [{ image: 'a' }] },
  };
  const to = {
    metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web', fresh: 'y' } },
    spec: { replicas: 3, ports: [{ port: 80 }, { port: 443 }], containers: [{ image: 'b' }] },
  };
  const ops = jsonDiff(from, to);
  assert.deepEqual(ops, [
    { op: 'remove', path: '/metadata/labels/old' },
    { op: 'add', path: '/metadata/labels/fresh', value: 'y' },
    { op: 'replace', path: '/spec/replicas', value: 3 },
    { op: 'replace', path: '/spec/ports', value: [{ port: 80 }, { port: 443 }] },
    { op: 'replace', path: '/spec/containers/0/image', value: 'b' },
  ]);
  assert.deepEqual(applyPatch(from, ops), to);
  assert.deepEqual(jsonDiff(to, to), []);
});

test('pointerSegment escapes ~ and / as RFC 6901 says', () => {
  assert.equal(pointerSegment('app.kubernetes.io/name'), 'app.kubernetes.io~1name');
  assert.equal(pointerSegment('a~b'), 'a~0b');
});
