import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goQuote } from './go-quote.js';

test('goQuote wraps plain text in double quotes', () => {
  assert.equal(goQuote('abc def'), '"abc def"');
  assert.equal(goQuote(''), '""');
});

test('goQuote escapes quotes, backslashes and control characters', () => {
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
  assert.equal(goQuote('\x00\x1b\x7f'), '"\\x00\\x1b\\x7f"');
});

test('goQuote keeps printable Unicode and escapes the rest', () => {
  assert.equal(goQuote('é☃😀'), '"é☃😀"');
  assert.equal(goQuote('\u00a0\u2028'), '"\\u00a0\\u2028"');
  assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
  assert.equal(goQuote('\u3000'), '"\\u3000"');
  assert.equal(goQuote('a\ud800b'), '"a\ufffdb"');
});

test('goQuote with single quotes escapes \' and leaves " bare, as Go quotes a rune', () => {
  assert.equal(goQuote(`it's "x"`, "'"), `'it\\'s "x"'`);
  assert.equal(goQuote('\\\n\u00a0', "'"), "'\\\\\\n\\u00a0'");
});
