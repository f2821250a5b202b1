import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dict } from '../loader/tree.js';
import { fromExactJson, toExactJson } from './exact-json.js';

function roundTrip(value: unknown): unknown {
  const exact = toExactJson(value);
  assert.ok(exact !== undefined, 'plain data is carried');
  // What is written is text: read it back from a copy of that text.
  return fromExactJson(JSON.parse(JSON.stringify(exact)) as typeof exact);
}

test('toExactJson / fromExactJson: what JSON alone loses comes back, prototypes included', () => {
  const bare = Object.create(null) as Record<string, string>;
  bare.PATH = '/usr/bin';
  bare['valueOf'] = 'a variable named valueOf';
  const mapping = dict();
  mapping.PATH = '/bin';
  const protoKey = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
  const value = {
    name: 'demo',
    missing: undefined,
    list: [1, undefined, null, -0, Number.NaN, Number.POSITIVE_INFINITY, 'x'],
    zero: -0,
    far: Number.NEGATIVE_INFINITY,
    bare,
    mapping,
    nested: { deeper: { alsoMissing: undefined, empty: {} } },
    protoKey,
  };
  const back = roundTrip(value) as typeof value;
  assert.deepStrictEqual(back, value);
  assert.ok(Object.hasOwn(back, 'missing'));
  assert.equal((back as Record<string, unknown>).missing, undefined);
  assert.ok(Object.is(back.zero, -0) && Object.is(back.list[3], -0));
  assert.ok(Number.isNaN(back.list[4]));
  assert.equal(Object.getPrototypeOf(back.bare), null);
  assert.equal(Object.getPrototypeOf(back.mapping), Object.getPrototypeOf(mapping));
  assert.ok(Object.hasOwn(back.protoKey, '__proto__'));
  assert.equal(Object.getPrototypeOf(back.protoKey), Object.prototype);
  assert.equal(roundTrip(undefined), undefined);
  assert.ok(Object.is(roundTrip(-0), -0));
});

test('toExactJson refuses what it cannot carry exactly', () => {
  const shared = { a: 1 };
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const hidden = {};
  Object.defineProperty(hidden, 'h', { value: 1, enumerable: false });
  const accessor = {
    get a() {
      return 1;
    },
  };
  const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const extra = Object.assign([1], { more: 2 });
  for (const v of [
    { f: () => 1 },
    { s: Symbol('s') },
    { b: 1n },
    { d: new Date(0) },
    { m: new Map() },
    { x: shared, y: shared },
    cyclic,
    hidden,
    accessor,
    { [Symbol('k')]: 1 },
    sparse,
    extra,
    Object.freeze({ a: 1 }),
    Object.seal({ a: 1 }),
  ]) {
    assert.equal(toExactJson(v), undefined, String(Object.keys(v)));
  }
});
