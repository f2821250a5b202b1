import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goAtoi, goParseFloat, goParseInt64 } from './go-strconv.js';

function value(r: ReturnType<typeof goAtoi>): number {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

function error(r: ReturnType<typeof goAtoi>): string {
  assert.ok(!r.ok);
  return r.error;
}

test('goAtoi reads signed decimal integers', () => {
  assert.equal(value(goAtoi('42')), 42);
  assert.equal(value(goAtoi('+7')), 7);
  assert.equal(value(goAtoi('-0')), 0);
  assert.ok(Object.is(value(goAtoi('-0')), 0));
  assert.equal(value(goAtoi('007')), 7);
  assert.equal(value(goAtoi('-9223372036854775808')), -9223372036854775808);
});

test('goAtoi rejects other text with Go errors', () => {
  assert.equal(error(goAtoi('abc')), 'strconv.Atoi: parsing "abc": invalid syntax');
  assert.equal(error(goAtoi('')), 'strconv.Atoi: parsing "": invalid syntax');
  assert.equal(error(goAtoi('-')), 'strconv.Atoi: parsing "-": invalid syntax');
  assert.equal(error(goAtoi(' 1')), 'strconv.Atoi: parsing " 1": invalid syntax');
  assert.equal(error(goAtoi('1_000')), 'strconv.Atoi: parsing "1_000": invalid syntax');
  assert.equal(error(goAtoi('1.5')), 'strconv.Atoi: parsing "1.5": invalid syntax');
  assert.equal(error(goAtoi('0x10')), 'strconv.Atoi: parsing "0x10": invalid syntax');
});

test('goAtoi reports values outside int64 as out of range', () => {
  assert.equal(
    error(goAtoi('9223372036854775808')),
    'strconv.Atoi: parsing "9223372036854775808": value out of range',
  );
  // Go stops at the digit that overflows, before the stray character.
  assert.equal(
    error(goAtoi('99999999999999999999999x')),
    'strconv.Atoi: parsing "99999999999999999999999x": value out of range',
  );
  assert.equal(
    error(goAtoi('1234567890123456789x')),
    'strconv.Atoi: parsing "1234567890123456789x": invalid syntax',
  );
});

test('goParseInt64 names ParseInt in its errors', () => {
  assert.equal(value(goParseInt64('-12')), -12);
  assert.equal(error(goParseInt64('1e3')), 'strconv.ParseInt: parsing "1e3": invalid syntax');
  assert.equal(
    error(goParseInt64('-9223372036854775809')),
    'strconv.ParseInt: parsing "-9223372036854775809": value out of range',
  );
});

test('goParseFloat reads Go float literals', () => {
  assert.equal(value(goParseFloat('3.14', 64)), 3.14);
  assert.equal(value(goParseFloat('.5', 64)), 0.5);
  assert.equal(value(goParseFloat('5.', 64)), 5);
  assert.equal(value(goParseFloat('-1e3', 64)), -1000);
  assert.equal(value(goParseFloat('1_000.5', 64)), 1000.5);
  assert.equal(value(goParseFloat('0x1p-2', 64)), 0.25);
  assert.equal(value(goParseFloat('0x1.8p1', 64)), 3);
  assert.equal(value(goParseFloat('+Inf', 64)), Infinity);
  assert.equal(value(goParseFloat('-infinity', 64)), -Infinity);
  assert.ok(Number.isNaN(value(goParseFloat('NaN', 64))));
  assert.equal(value(goParseFloat('1e-400', 64)), 0);
});

test('goParseFloat rejects malformed literals', () => {
  for (const s of [
    '',
    'abc',
    '1e',
    '1e+',
    '.',
    '_1',
    '1_',
    '1__0',
    '0x1',
    '0xp1',
    '+nan',
    'infx',
    '1.2.3',
    ' 1',
  ]) {
    assert.equal(
      error(goParseFloat(s, 64)),
      `strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`,
      s,
    );
  }
});

test('goParseFloat reports overflow as out of range', () => {
  assert.equal(
    error(goParseFloat('1e400', 64)),
    'strconv.ParseFloat: parsing "1e400": value out of range',
  );
  assert.equal(
    error(goParseFloat('1e39', 32)),
    'strconv.ParseFloat: parsing "1e39": value out of range',
  );
});

test('goParseFloat with 32 bits gives the shortest float32 decimal', () => {
  assert.equal(value(goParseFloat('0.1', 32)), 0.1);
  assert.equal(value(goParseFloat('1.1', 32)), 1.1);
  assert.equal(value(goParseFloat('0.30000000000000004', 32)), 0.3);
  assert.equal(value(goParseFloat('16777217', 32)), 16777216);
  assert.equal(value(goParseFloat('1.5', 32)), 1.5);
});
