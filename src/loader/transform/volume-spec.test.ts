import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVolumeSpec } from './volume-spec.js';
import { assertComposeError } from './test-support.js';

function volume(spec: string): unknown {
  return JSON.parse(JSON.stringify(parseVolumeSpec(spec))) as unknown;
}

test('parseVolumeSpec reads an anonymous volume', () => {
  assert.deepEqual(volume('/path'), { type: 'volume', target: '/path', volume: {} });
  // one or two bytes: a target with no type-specific section, as compose-go
  assert.deepEqual(volume('/a'), { type: 'volume', target: '/a' });
});

test('parseVolumeSpec reads a named volume with options', () => {
  assert.deepEqual(volume('data:/data'), {
    type: 'volume',
    source: 'data',
    target: '/data',
    volume: {},
  });
  assert.deepEqual(volume('data:/data:ro,nocopy'), {
    type: 'volume',
    source: 'data',
    target: '/data',
    read_only: true,
    volume: { nocopy: true },
  });
});

test('parseVolumeSpec reads bind mounts from path-like sources', () => {
  for (const source of [
    './foo',
    '../foo',
    '/foo',
    '~/foo',
    '.',
    'C:\\foo',
    'c:/foo',
    '\\\\host\\share',
  ]) {
    assert.deepEqual(
      volume(`${source}:/target`),
      { type: 'bind', source, target: '/target', bind: { create_host_path: true } },
      source,
    );
  }
});

test('parseVolumeSpec reads access modes, SELinux labels and propagation', () => {
  assert.deepEqual(volume('/src:/dst:ro,Z,rslave'), {
    type: 'bind',
    source: '/src',
    target: '/dst',
    read_only: true,
    bind: { selinux: 'Z', propagation: 'rslave', create_host_path: true },
  });
  assert.deepEqual(volume('/src:/dst:ro,rw'), {
    type: 'bind',
    source: '/src',
    target: '/dst',
    bind: { create_host_path: true },
  });
  assert.deepEqual(volume('vol:/dst:z'), {
    type: 'volume',
    source: 'vol',
    target: '/dst',
    bind: { selinux: 'z' },
    volume: {},
  });
});

test('parseVolumeSpec ignores unknown options, as docker compose does', () => {
  assert.deepEqual(volume('name:/t:bogus'), {
    type: 'volume',
    source: 'name',
    target: '/t',
    volume: {},
  });
});

test('parseVolumeSpec keeps Windows drive letters inside a section', () => {
  assert.deepEqual(volume('C:\\source:D:\\target:ro'), {
    type: 'bind',
    source: 'C:\\source',
    target: 'D:\\target',
    read_only: true,
    bind: { create_host_path: true },
  });
  assert.equal(parseVolumeSpec('name:D::rw').target, 'D:');
  // any Unicode letter counts as a drive letter; a two-letter prefix does not
  assert.deepEqual(volume('é:\\x:/t'), {
    type: 'bind',
    source: 'é:\\x',
    target: '/t',
    bind: { create_host_path: true },
  });
  assert.equal(parseVolumeSpec('ab:/x').source, 'ab');
});

test('parseVolumeSpec keeps colons inside ${...} substitutions', () => {
  assert.deepEqual(volume('/tmp:/tmp/${VAR:-default}/path'), {
    type: 'bind',
    source: '/tmp',
    target: '/tmp/${VAR:-default}/path',
    bind: { create_host_path: true },
  });
  assert.deepEqual(volume('${SRC:-${HOME}/x}:/dst:ro'), {
    type: 'volume',
    source: '${SRC:-${HOME}/x}',
    target: '/dst',
    read_only: true,
    volume: {},
  });
});

test('parseVolumeSpec refuses malformed specs with compose-go wording', () => {
  assertComposeError(
    () => parseVolumeSpec('/foo:/foo:ro:foo'),
    'SCHEMA',
    'invalid spec: /foo:/foo:ro:foo: too many colons',
  );
  assertComposeError(
    () => parseVolumeSpec('/foo::ro'),
    'SCHEMA',
    'invalid spec: /foo::ro: empty section between colons',
  );
  assertComposeError(() => parseVolumeSpec(':foo'), 'SCHEMA', 'empty section between colons');
  assertComposeError(() => parseVolumeSpec(''), 'SCHEMA', 'invalid empty volume spec');
});

test('parseVolumeSpec puts the dotted path in front of the message when given', () => {
  assertComposeError(
    () => parseVolumeSpec('/a:/b:ro:x', ['services', 'web', 'volumes', 0]),
    'SCHEMA',
    'services.web.volumes[0]: invalid spec',
    'services.web.volumes[0]',
  );
});

test('parseVolumeSpec counts bytes, not characters, for the short form', () => {
  // two characters but four bytes: parsed as a full spec, so the volume section is present
  assert.deepEqual(volume('éé'), { type: 'volume', target: 'éé', volume: {} });
});
