import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatGoDuration,
  formatGoFloat,
  formatJsonFloat,
  goSprint,
  parseGoDuration,
  splitShellWords,
} from './go-text.js';

const fmt = (text: string): string => formatGoDuration(parseGoDuration(text));

test('go-text durations print as time.Duration.String', () => {
  assert.equal(fmt('60s'), '1m0s');
  assert.equal(fmt('90s'), '1m30s');
  assert.equal(fmt('1h'), '1h0m0s');
  assert.equal(fmt('1.5h'), '1h30m0s');
  assert.equal(fmt('2d'), '48h0m0s');
  assert.equal(fmt('1w'), '168h0m0s');
  assert.equal(fmt('1m30.5s'), '1m30.5s');
  assert.equal(fmt('1500ms'), '1.5s');
  assert.equal(fmt('1.5ms'), '1.5ms');
  assert.equal(fmt('10us'), '10µs');
  assert.equal(fmt('999ns'), '999ns');
  assert.equal(fmt('0'), '0s');
  assert.equal(fmt('-5s'), '-5s');
});

test('go-text durations reject what Go rejects', () => {
  assert.throws(() => parseGoDuration('10'), /missing unit in duration "10"/);
  assert.throws(() => parseGoDuration('1y'), /unknown unit "y" in duration "1y"/);
  assert.throws(() => parseGoDuration(''), /invalid duration/);
  assert.throws(() => parseGoDuration('.s'), /invalid duration/);
});

test('go-text floats print as strconv and encoding/json print them', () => {
  assert.equal(formatGoFloat(0.3, 'g', 32), '0.3');
  assert.equal(formatGoFloat(1.5, 'g', 32), '1.5');
  assert.equal(formatGoFloat(1e6, 'g', 64), '1e+06');
  assert.equal(formatGoFloat(123456, 'g', 64), '123456');
  assert.equal(formatGoFloat(0.00001, 'g', 64), '1e-05');
  assert.equal(formatGoFloat(0.0001, 'g', 64), '0.0001');
  // float32 shortest digits, not the float64 expansion of the float32 value
  assert.equal(formatJsonFloat(Math.fround(0.001), 32), '0.001');
  assert.equal(formatJsonFloat(Math.fround(3.14), 32), '3.14');
  assert.equal(formatJsonFloat(1e-7, 64), '1e-7');
  assert.equal(formatJsonFloat(1e21, 64), '1e+21');
  assert.equal(formatJsonFloat(50, 32), '50');
});

test('go-text goSprint matches fmt.Sprint for tree scalars', () => {
  assert.equal(goSprint(42), '42');
  assert.equal(goSprint(1.5), '1.5');
  assert.equal(goSprint(true), 'true');
  assert.equal(goSprint(null), '<nil>');
});

test('go-text splitShellWords splits as go-shellwords', () => {
  assert.deepEqual(splitShellWords('echo hello world'), ['echo', 'hello', 'world']);
  assert.deepEqual(splitShellWords(`sh -c "echo 'a b'"`), ['sh', '-c', "echo 'a b'"]);
  assert.deepEqual(splitShellWords(`a\\ b 'c\\d' ""`), ['a b', 'c\\d', '']);
  assert.deepEqual(splitShellWords('  spaced\targs\n'), ['spaced', 'args']);
  // parsing stops at an unquoted shell operator
  assert.deepEqual(splitShellWords('echo a && echo b'), ['echo', 'a']);
  assert.deepEqual(splitShellWords('echo "$(date)"'), ['echo', '$(date)']);
  assert.throws(() => splitShellWords('echo "unterminated'), /invalid command line string/);
  assert.throws(() => splitShellWords('echo (x)'), /invalid command line string/);
});
