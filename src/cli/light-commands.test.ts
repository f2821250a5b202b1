import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readsNoComposeFile } from './light-commands.js';

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
