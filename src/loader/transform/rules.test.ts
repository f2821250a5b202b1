import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDict } from '../tree.js';
import { applyRules, compileRules, transformError, type Rule } from './rules.js';
import { frozen } from './test-support.js';

const upper: Rule = (node) => (typeof node === 'string' ? node.toUpperCase() : node);

test('applyRules applies a rule at every path matching its pattern', () => {
  const rules = compileRules([['a.*.b', upper]]);
  const tree = frozen({ a: { x: { b: 'one', c: 'two' }, y: { b: 'three' } }, b: 'four' });
  const out = applyRules(rules, tree, false);
  assert.equal(
    JSON.stringify(out),
    '{"a":{"x":{"b":"ONE","c":"two"},"y":{"b":"THREE"}},"b":"four"}',
  );
});

test('applyRules matches sequence items with * and []', () => {
  const star = applyRules(compileRules([['l.*', upper]]), frozen({ l: ['a', 'b'] }), false);
  const item = applyRules(
    compileRules([['l.[]', upper]]),
    frozen({ l: ['a'], m: { k: 'v' } }),
    false,
  );
  assert.equal(JSON.stringify(star), '{"l":["A","B"]}');
  assert.equal(JSON.stringify(item), '{"l":["A"],"m":{"k":"v"}}');
  const keyNotItem = applyRules(compileRules([['m.[]', upper]]), frozen({ m: { k: 'v' } }), false);
  assert.equal(JSON.stringify(keyNotItem), '{"m":{"k":"v"}}');
});

test('applyRules shares unchanged subtrees and copies changed ones', () => {
  const tree = frozen({ a: { x: { b: 'one' } }, z: { deep: { list: [1] } } });
  const out = applyRules(compileRules([['a.*.b', upper]]), tree, false) as Record<string, unknown>;
  assert.notEqual(out, tree);
  assert.equal(out.z, tree.z);
  assert.ok(isDict(out.a));
  assert.equal('constructor' in out.a || 'toString' in out.a, false);
  const same = applyRules(compileRules([['q.*', upper]]), tree, false);
  assert.equal(same, tree);
});

test('applyRules stops at a matching rule unless the rule descends', () => {
  const seen: string[] = [];
  const record: Rule = (node, path) => {
    seen.push(path.join('.'));
    return node;
  };
  const descend: Rule = (node, _path, ctx) => ctx.children(node);
  const tree = frozen({ s: { b: { c: 1 } } });
  applyRules(
    compileRules([
      ['s', record],
      ['s.b.c', record],
    ]),
    tree,
    false,
  );
  assert.deepEqual(seen, ['s']);
  seen.length = 0;
  applyRules(
    compileRules([
      ['s', descend],
      ['s.b.c', record],
    ]),
    tree,
    false,
  );
  assert.deepEqual(seen, ['s.b.c']);
});

test('applyRules passes the ignore-parse-errors flag to rules', () => {
  let flag: boolean | undefined;
  const spy: Rule = (node, _path, ctx) => {
    flag = ctx.ignoreParseErrors;
    return node;
  };
  applyRules(compileRules([['a', spy]]), frozen({ a: 1 }), true);
  assert.equal(flag, true);
});

test('compileRules refuses a pattern registered twice', () => {
  assert.throws(
    () =>
      compileRules([
        ['a.*', upper],
        ['a.*', upper],
      ]),
    /registered twice/,
  );
});

test('transformError prefixes the dotted path and records it', () => {
  const err = transformError(['services', 'web', 'ports', 0], 'bad');
  assert.equal(err.message, 'services.web.ports[0]: bad');
  assert.equal(err.path, 'services.web.ports[0]');
  assert.equal(err.code, 'SCHEMA');
  assert.equal(transformError(undefined, 'bad', 'CONSISTENCY').message, 'bad');
});
