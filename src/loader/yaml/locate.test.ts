import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locate } from './locate.js';

const text = [
  'x-base: &base', // 1
  '  restart: always', // 2
  '  labels:', // 3
  '    team: core', // 4
  'services:', // 5
  '  web:', // 6
  '    <<: *base', // 7
  '    image: nginx', // 8
  '    ports:', // 9
  '      - "80:80"', // 10
  '      - target: 443', // 11
  '        published: 8443', // 12
  '  worker: *base', // 13
  '',
].join('\n');

test('locate finds the key of a nested mapping entry', () => {
  assert.deepEqual(locate(text, 'c.yaml', ['services', 'web', 'image'], 0), { line: 8, column: 5 });
  assert.deepEqual(locate(text, 'c.yaml', ['services', 'web'], 0), { line: 6, column: 3 });
});

test('locate finds sequence items and entries inside them', () => {
  assert.deepEqual(locate(text, 'c.yaml', ['services', 'web', 'ports', 0], 0), {
    line: 10,
    column: 9,
  });
  assert.deepEqual(locate(text, 'c.yaml', ['services', 'web', 'ports', 1, 'published'], 0), {
    line: 12,
    column: 9,
  });
});

test('locate follows merge keys and aliases to where a value is written', () => {
  assert.deepEqual(locate(text, 'c.yaml', ['services', 'web', 'restart'], 0), {
    line: 2,
    column: 3,
  });
  assert.deepEqual(locate(text, 'c.yaml', ['services', 'worker', 'labels', 'team'], 0), {
    line: 4,
    column: 5,
  });
});

test('locate returns undefined for a missing path or document', () => {
  assert.equal(locate(text, 'c.yaml', ['services', 'db'], 0), undefined);
  assert.equal(locate(text, 'c.yaml', ['services', 'web', 'ports', 5], 0), undefined);
  assert.equal(locate(text, 'c.yaml', ['services', 'web', 'image', 'x'], 0), undefined);
  assert.equal(locate(text, 'c.yaml', ['services', 0], 0), undefined);
  assert.equal(locate(text, 'c.yaml', ['services'], 1), undefined);
});

test('locate addresses later documents', () => {
  const multi = 'services:\n  a: {image: x}\n---\nservices:\n  b:\n    image: y\n';
  assert.deepEqual(locate(multi, 'c.yaml', ['services', 'b', 'image'], 1), { line: 6, column: 5 });
  assert.equal(locate(multi, 'c.yaml', ['services', 'b'], 0), undefined);
});

test('locate gives the document start for the empty path', () => {
  assert.deepEqual(locate('\n\nname: x\n', 'c.yaml', [], 0), { line: 3, column: 1 });
});

test('locate never throws on text that does not parse', () => {
  assert.equal(locate('a: [1,\n', 'c.yaml', ['a'], 0), undefined);
  assert.equal(locate('a: &a\n  b: *a\n', 'c.yaml', ['a', 'b', 'b', 'b', 'c'], 0), undefined);
});

test('locate finds a key written in the short list syntax as the item of that value', () => {
  const short = 'services:\n  web:\n    depends_on: [db, cache]\n    networks:\n      - front\n';
  assert.deepEqual(locate(short, 'c.yaml', ['services', 'web', 'depends_on', 'cache'], 0), {
    line: 3,
    column: 22,
  });
  assert.deepEqual(locate(short, 'c.yaml', ['services', 'web', 'networks', 'front'], 0), {
    line: 5,
    column: 9,
  });
  assert.equal(locate(short, 'c.yaml', ['services', 'web', 'networks', 'back'], 0), undefined);
});
