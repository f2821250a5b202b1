import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGoGraphic } from './go-printable.js';

test('isGoGraphic: letters, marks, numbers, punctuation and symbols; no spaces or controls', () => {
  for (const ch of ['a', 'Z', '0', '!', '~', '/', 'é', 'µ', '字', '\u0301', '€', '😀', '—']) {
    assert.equal(isGoGraphic(ch), true, JSON.stringify(ch));
  }
  for (const ch of [' ', '\t', '\n', '\x7f', '\x00', '\u00a0', '\u2028', '\u200b', '\ud800']) {
    assert.equal(isGoGraphic(ch), false, JSON.stringify(ch));
  }
});
