import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePathTrie, type PathTrie } from './path-trie.js';
import { matchPath, type Path } from './tree.js';

function lookup<T>(trie: PathTrie<T>, path: Path): T | undefined {
  let node: PathTrie<T> | undefined = trie;
  for (const seg of path) {
    node = node.child(seg);
    if (node === undefined) return undefined;
  }
  return node.value;
}

const table: (readonly [readonly string[], string])[] = [
  [['services', '*', 'ports'], 'ports'],
  [['services', '*', 'ports', '[]'], 'port'],
  [['services', 'web', 'ports'], 'web ports'],
  [['*', 'x', '*'], 'any x'],
  [['volumes', '*'], 'volume'],
];

test('compilePathTrie finds the first listed pattern that matches, like a linear scan', () => {
  const trie = compilePathTrie(table);
  const paths: Path[] = [
    [],
    ['services'],
    ['services', 'web'],
    ['services', 'web', 'ports'],
    ['services', 'db', 'ports'],
    ['services', 'db', 'ports', 0],
    ['services', 'db', 'ports', 'a'],
    ['services', 'x', 'ports'],
    ['services', 'x', 1],
    ['networks', 'x', 'y'],
    ['volumes', 'x', 'y'],
    ['volumes', 'x'],
    ['volumes', 3],
    ['other'],
  ];
  for (const path of paths) {
    const expected = table.find(([pattern]) => matchPath(path, pattern))?.[1];
    assert.equal(lookup(trie, path), expected, path.join('.'));
  }
});

test('compilePathTrie gives no child where no pattern continues', () => {
  const trie = compilePathTrie(table);
  assert.equal(trie.child('build')?.child('y'), undefined);
  assert.equal(trie.child('services')?.child('web')?.child('image'), undefined);
  assert.equal(trie.child('volumes')?.child('data')?.hasChildren, false);
  assert.equal(trie.hasChildren, true);
});

test('compilePathTrie rejects index literals', () => {
  assert.throws(() => compilePathTrie([[['services', '0'], 1]]), /index literal/);
});
