import assert from 'node:assert/strict';
import { test } from 'node:test';
import { omitEmpty } from './omit-empty.js';
import { plainAt, withService } from './test-support.js';

test('omitEmpty drops empty and null dns entries', () => {
  const out = omitEmpty(withService({ dns: ['', '8.8.8.8', null] }));
  assert.deepEqual(plainAt(out, ['services', 'web', 'dns']), ['8.8.8.8']);
  assert.deepEqual(plainAt(omitEmpty(withService({ dns: [''] })), ['services', 'web', 'dns']), []);
});

test('omitEmpty keeps empty values elsewhere', () => {
  const tree = withService({
    dns: ['1.1.1.1'],
    dns_search: [''],
    environment: { A: '' },
    hostname: '',
  });
  const out = omitEmpty(tree);
  assert.equal(out, tree);
  assert.deepEqual(plainAt(out, ['services', 'web', 'dns_search']), ['']);
});
