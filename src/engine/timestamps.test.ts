import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFilters, pathSegment, queryString } from './query.js';
import { parseDuration, toEngineTime } from './timestamps.js';

test('timestamps accept unix seconds, durations, RFC 3339 and dates', () => {
  const now = new Date(1_700_000_600_000);
  assert.equal(toEngineTime('1700000000'), '1700000000');
  assert.equal(toEngineTime('10m', now), '1700000000');
  assert.equal(toEngineTime('1.5s', now), '1700000598.5');
  assert.equal(toEngineTime('2023-11-14T22:13:20Z'), '1700000000');
  assert.equal(toEngineTime('2023-11-14T23:13:20+01:00'), '1700000000');
  assert.equal(toEngineTime(new Date(1_700_000_000_250)), '1700000000.25');
  assert.equal(toEngineTime(5), '5');
  assert.match(toEngineTime('2024-01-02'), /^\d+$/);
  assert.throws(() => toEngineTime('yesterday'), /invalid time "yesterday"/);
});

test('timestamps parse Go durations', () => {
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('-5s'), -5);
  assert.equal(parseDuration('250ms'), 0.25);
  assert.equal(parseDuration('5'), undefined);
  assert.equal(parseDuration('5x'), undefined);
});

test('query strings repeat arrays, map booleans, skip undefined', () => {
  assert.equal(
    queryString({ a: true, b: false, c: undefined, t: ['x:1', 'y 2'], n: 3 }),
    '?a=1&b=0&t=x%3A1&t=y%202&n=3',
  );
  assert.equal(queryString({}), '');
});

test('query filters use the map form every engine reads', () => {
  assert.equal(
    encodeFilters({ label: ['com.docker.compose.project=p', 'x'], status: [] }),
    '{"label":{"com.docker.compose.project=p":true,"x":true}}',
  );
  assert.equal(encodeFilters({}), undefined);
  assert.equal(encodeFilters(undefined), undefined);
});

test('query path segments keep reference punctuation and escape the rest', () => {
  assert.equal(pathSegment('abc_1.2-3'), 'abc_1.2-3');
  assert.equal(pathSegment('localhost:5000/app@sha256:ab'), 'localhost:5000/app@sha256:ab');
  assert.equal(pathSegment('a b?c'), 'a%20b%3Fc');
});
