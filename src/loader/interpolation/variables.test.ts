import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractVariables, type TemplateVariable } from './variables.js';

function v(name: string, extra: Partial<TemplateVariable> = {}): TemplateVariable {
  return { name, required: false, defaultValue: '', alternateValue: '', ...extra };
}

function extract(tree: unknown): TemplateVariable[] {
  return [...extractVariables(tree).values()];
}

test('extractVariables finds nothing in a tree without templates', () => {
  assert.deepEqual(extract({}), []);
  assert.deepEqual(extract({ foo: 'bar', n: 1, list: [true, null] }), []);
});

test('extractVariables reads plain, braced, required, default and alternate forms', () => {
  assert.deepEqual(extract({ foo: '$bar' }), [v('bar')]);
  assert.deepEqual(extract({ foo: '$bar_1' }), [v('bar_1')]);
  assert.deepEqual(extract({ foo: '${bar}' }), [v('bar')]);
  assert.deepEqual(extract({ foo: '${bar?:foo}' }), [v('bar', { required: true })]);
  assert.deepEqual(extract({ foo: '${bar_1?:foo}' }), [v('bar_1', { required: true })]);
  assert.deepEqual(extract({ foo: '${bar?foo}' }), [v('bar', { required: true })]);
  assert.deepEqual(extract({ foo: '${bar:?foo}' }), [v('bar', { required: true })]);
  assert.deepEqual(extract({ foo: '${bar:-foo}' }), [v('bar', { defaultValue: 'foo' })]);
  assert.deepEqual(extract({ foo: '${bar-foo}' }), [v('bar', { defaultValue: 'foo' })]);
  assert.deepEqual(extract({ foo: '${bar:+foo}' }), [v('bar', { alternateValue: 'foo' })]);
  assert.deepEqual(extract({ foo: '${bar+foo}' }), [v('bar', { alternateValue: 'foo' })]);
});

test('extractVariables walks mappings and sequences and sorts by name', () => {
  const got = extract({
    foo: '${bar:-foo}',
    bar: { foo: '${fruit:-banana}', bar: 'vegetable' },
    baz: ['foo', '$docker:${project:-cli}', '$toto'],
    volumes: [{ source: '${SOURCE_LOCATION}', target: '/location' }],
  });
  assert.deepEqual(got, [
    v('SOURCE_LOCATION'),
    v('bar', { defaultValue: 'foo' }),
    v('docker'),
    v('fruit', { defaultValue: 'banana' }),
    v('project', { defaultValue: 'cli' }),
    v('toto'),
  ]);
});

test('extractVariables reads several templates in one string and nested defaults', () => {
  assert.deepEqual(extract({ d: '${SUBDOMAIN:-redis}.${ROOTDOMAIN:?}' }), [
    v('ROOTDOMAIN', { required: true }),
    v('SUBDOMAIN', { defaultValue: 'redis' }),
  ]);
  assert.deepEqual(extract({ d: '${SUBDOMAIN:-$ROOTDOMAIN}' }), [
    v('ROOTDOMAIN'),
    v('SUBDOMAIN', { defaultValue: '$ROOTDOMAIN' }),
  ]);
  assert.deepEqual(extract({ d: '${A+${B:-x}} $$C' }), [
    v('A', { alternateValue: '${B:-x}' }),
    v('B', { defaultValue: 'x' }),
  ]);
});

test('extractVariables lets the last use of a name describe it', () => {
  assert.deepEqual(extract({ a: '${X}', b: '${X:-d}' }), [v('X', { defaultValue: 'd' })]);
  assert.deepEqual(extract({ a: '${X:-d}${X}' }), [v('X', { defaultValue: 'd' })]);
});

test('extractVariables skips escaped and malformed templates and ignores keys', () => {
  assert.deepEqual(extract({ a: '$${X} ${ y} $', '${K}': 'v' }), []);
});
