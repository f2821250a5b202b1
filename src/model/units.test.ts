import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseBytes, parseDuration } from './units.js';

test('parseBytes reads integers, binary units and decimals as docker does', () => {
  assert.equal(parseBytes('512m'), 536870912);
  assert.equal(parseBytes('1g'), 1073741824);
  assert.equal(parseBytes('1GB'), 1073741824);
  assert.equal(parseBytes('1.5k'), 1536);
  assert.equal(parseBytes('64MB'), 67108864);
  assert.equal(parseBytes('2 GiB'), 2147483648);
  assert.equal(parseBytes('2 KiB'), 2048);
  assert.equal(parseBytes('5kib'), 5120);
  assert.equal(parseBytes('100'), 100);
  assert.equal(parseBytes('10b'), 10);
  assert.equal(parseBytes('-1'), -1);
  assert.equal(parseBytes(60), 60);
});

test('parseBytes reads text as go-units RAMInBytes: Go floats, then b, or a unit and b or ib', () => {
  // The model's decoder and the config printer share this parser; go-units 0.5 (compose-go's)
  // reads the number with strconv.ParseFloat.
  assert.equal(parseBytes('1e3'), 1000);
  assert.equal(parseBytes('+5m'), 5 * 1024 ** 2);
  assert.equal(parseBytes('.5k'), 512);
  assert.throws(() => parseBytes('512ib'), /invalid suffix: 'ib'/);
  assert.throws(() => parseBytes('1kbb'), /invalid suffix: 'kbb'/);
  assert.throws(() => parseBytes('1.5.5m'), /strconv.ParseFloat: parsing "1.5.5": invalid syntax/);
  assert.throws(() => parseBytes('-5m'), /invalid size: '-5m'/);
});

test('parseBytes rejects what is not a size, naming the value', () => {
  assert.throws(() => parseBytes('abc'), /invalid size: 'abc'/);
  assert.throws(() => parseBytes('12x'), /invalid suffix: 'x'/);
  assert.throws(() => parseBytes(1.5), /invalid size: '1.5'/);
});

test('parseDuration reads Go durations with the d and w units', () => {
  assert.equal(parseDuration('1m30s'), 90e9);
  assert.equal(parseDuration('1.5s'), 1.5e9);
  assert.equal(parseDuration('2d'), 2 * 86400e9);
  assert.equal(parseDuration('1w'), 7 * 86400e9);
  assert.equal(parseDuration('-2m'), -120e9);
  assert.equal(parseDuration('500ms'), 500e6);
  assert.equal(parseDuration('0'), 0);
});

test('parseDuration rejects numbers without unit and unknown units', () => {
  assert.throws(() => parseDuration(10), /missing unit in duration "10"/);
  assert.throws(() => parseDuration('5y'), /unknown unit "y"/);
  assert.throws(() => parseDuration('abc'), /invalid duration "abc"/);
});

test('formatDuration writes what Go prints', () => {
  assert.equal(formatDuration(90e9), '1m30s');
  assert.equal(formatDuration(20e9), '20s');
  assert.equal(formatDuration(3600e9), '1h0m0s');
  assert.equal(formatDuration(1.5e9), '1.5s');
  assert.equal(formatDuration(500e6), '500ms');
  assert.equal(formatDuration(1500), '1.5µs');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(-61e9), '-1m1s');
});
