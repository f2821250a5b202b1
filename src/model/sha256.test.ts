import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sha256Hex } from './sha256.js';

const reference = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

test('sha256Hex: the FIPS 180 examples', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(
    sha256Hex('abc'),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
  assert.equal(
    sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('sha256Hex equals node:crypto at every length around the block edges, and for UTF-8', () => {
  for (let n = 0; n <= 200; n++) {
    const text = 'x'.repeat(n);
    assert.equal(sha256Hex(text), reference(text), `length ${String(n)}`);
  }
  for (const text of ['é', 'µs — 字', '😀'.repeat(40), 'a\u0000b', '\ud800']) {
    assert.equal(sha256Hex(text), reference(text), JSON.stringify(text));
  }
  for (let i = 0; i < 200; i++) {
    const text = randomBytes(1 + (i % 97) * 13).toString('latin1');
    assert.equal(sha256Hex(text), reference(text));
  }
  // Long texts take node:crypto's path: same answer.
  const long = 'y'.repeat(10_000);
  assert.equal(sha256Hex(long), reference(long));
});
