import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeCacheFor, readsNoComposeFile, VERB_CACHES } from './cache-choice.js';
import { verbNames } from './program.js';

test('readsNoComposeFile: ls, and label verbs given -p without -f', () => {
  for (const argv of [
    ['ls'],
    ['ls', '-a'],
    ['-p', 'shop', 'ps'],
    ['--project-name', 'shop', 'down', '-v'],
    ['--project-name=shop', 'logs', '-f'],
    ['-pshop', 'stop'],
    ['--progress', 'quiet', '-p', 'shop', 'ps', '-a'],
  ]) {
    assert.equal(readsNoComposeFile(argv), true, argv.join(' '));
  }
  for (const argv of [
    ['ps'],
    ['up', '-d'],
    ['-p', 'shop', 'up', '-d'],
    ['-p', 'shop', '-f', 'compose.yaml', 'ps'],
    ['-f', 'compose.yaml', '-p', 'shop', 'down'],
    ['--file=compose.yaml', '-p', 'shop', 'ps'],
    ['-p', 'shop', 'config'],
    ['--profile', 'ps', 'config'],
    ['-p', 'shop'],
    [],
  ]) {
    assert.equal(readsNoComposeFile(argv), false, argv.join(' '));
  }
});

test('codeCacheFor: the light cache, a verb of its own, or the full one', () => {
  assert.equal(codeCacheFor(['-p', 'shop', 'ps']), 'flotilla.cjs.lite.cache');
  assert.equal(codeCacheFor(['-p', 'shop', '-f', 'compose.yaml', 'ps']), 'flotilla.cjs.ps.cache');
  assert.equal(codeCacheFor(['--profile', 'jobs', 'up', '-d']), 'flotilla.cjs.up.cache');
  for (const argv of [
    ['config'],
    ['-f', 'a.yaml', 'config', '--format', 'json'],
    ['up', '--help'],
    ['ps', '-h'],
    ['--help'],
    ['frobnicate'],
    [],
  ]) {
    assert.equal(codeCacheFor(argv), 'flotilla.cjs.cache', argv.join(' '));
  }
});

test('every verb of the CLI but config and the ones main.js answers has a cache of its own', () => {
  const own = new Set(['config', 'version', 'docker-cli-plugin-metadata']);
  assert.deepEqual(
    [...VERB_CACHES].sort(),
    verbNames()
      .filter((v) => !own.has(v))
      .sort(),
  );
});
