import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { serviceHash, useHashMemo } from '../model/service-hash.js';
import { FileHashMemo, MAX_ENTRIES, memoKey, useProjectHashMemo } from './hash-memo.js';
import { cacheDir } from './user-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-hash-memo-'));
after(() => {
  useHashMemo(undefined);
  rmSync(dir, { recursive: true, force: true });
});

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

test('cacheDir: XDG_CACHE_HOME when absolute, else ~/.cache', () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/flotilla');
  assert.match(cacheDir({ XDG_CACHE_HOME: 'relative' }), /\/\.cache\/flotilla$/);
  assert.match(cacheDir({}), /\/\.cache\/flotilla$/);
});

test('FileHashMemo: written back, read by the same build only, bad entries dropped', () => {
  const file = join(dir, 'one', 'demo.json');
  const memo = new FileHashMemo(file, 'build-1');
  assert.equal(memo.get('k1'), undefined);
  memo.set('k1', HASH_A);
  memo.save();
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
    build: 'build-1',
    hashes: { k1: HASH_A },
  });
  // The inputs hold the services' environment values: readable by the user alone.
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(new FileHashMemo(file, 'build-1').get('k1'), HASH_A);
  // Another build computed them: not used.
  assert.equal(new FileHashMemo(file, 'build-2').get('k1'), undefined);
  // Anything but a hex SHA-256 is ignored; a file that is not JSON reads as empty.
  writeFileSync(file, JSON.stringify({ build: 'build-1', hashes: { k1: 'nope', k2: HASH_B } }));
  const read = new FileHashMemo(file, 'build-1');
  assert.equal(read.get('k1'), undefined);
  assert.equal(read.get('k2'), HASH_B);
  writeFileSync(file, '{not json');
  assert.equal(new FileHashMemo(file, 'build-1').get('k2'), undefined);
});

test('FileHashMemo keeps the most recently used entries, and a read-only place is no error', () => {
  const file = join(dir, 'cap', 'demo.json');
  const memo = new FileHashMemo(file, 'b');
  for (let i = 0; i < MAX_ENTRIES; i++) memo.set(`k${String(i)}`, HASH_A);
  memo.save();
  const again = new FileHashMemo(file, 'b');
  assert.equal(again.get('k0'), HASH_A); // used: now the most recent
  again.set('new', HASH_B);
  again.save();
  const hashes = (JSON.parse(readFileSync(file, 'utf8')) as { hashes: Record<string, string> })
    .hashes;
  assert.equal(Object.keys(hashes).length, MAX_ENTRIES);
  assert.ok('k0' in hashes && 'new' in hashes && !('k1' in hashes));

  const locked = join(dir, 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o500);
  try {
    const m = new FileHashMemo(join(locked, 'sub', 'demo.json'), 'b');
    m.set('k', HASH_A);
    assert.doesNotThrow(() => {
      m.save();
    });
  } finally {
    chmodSync(locked, 0o700);
  }
});

test('a new project file removes the ones not written for 30 days', () => {
  const hashes = join(dir, 'stale');
  mkdirSync(hashes);
  const old = join(hashes, 'old.json');
  const recent = join(hashes, 'recent.json');
  writeFileSync(old, '{}');
  writeFileSync(recent, '{}');
  const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
  utimesSync(old, longAgo, longAgo);
  const memo = new FileHashMemo(join(hashes, 'new.json'), 'b');
  memo.set('k', HASH_A);
  memo.save();
  assert.ok(!existsSync(old));
  assert.ok(existsSync(recent));
  assert.ok(existsSync(join(hashes, 'new.json')));
});

test('useProjectHashMemo: the CLI hashes through the project file; nothing without a build id', () => {
  const cache = join(dir, 'cli');
  assert.equal(useProjectHashMemo('shop', undefined, cache), undefined);
  const memo = useProjectHashMemo('shop', 'build-x', cache);
  assert.ok(memo !== undefined);
  assert.equal(memo.file, join(cache, 'config-hashes', 'shop.json'));
  const hash = serviceHash({ image: 'busybox' }, 'web');
  assert.equal(hash, 'c6bf2897a7a19c4672d838a848c3c227565ae7a607a2d1b370eb248f091bff0a');
  memo.save();
  const saved = JSON.parse(readFileSync(join(cache, 'config-hashes', 'shop.json'), 'utf8')) as {
    build: string;
    hashes: Record<string, string>;
  };
  assert.equal(saved.build, 'build-x');
  assert.deepEqual(Object.values(saved.hashes), [hash]);
  // The next process of the same build answers from the file.
  useProjectHashMemo('shop', 'build-x', cache);
  const key = Object.keys(saved.hashes)[0];
  writeFileSync(
    join(cache, 'config-hashes', 'shop.json'),
    JSON.stringify({ build: 'build-x', hashes: { [key]: HASH_B } }),
  );
  assert.equal(serviceHash({ image: 'busybox' }, 'web'), HASH_B);
  useHashMemo(undefined);
});

test('memoKey tells apart what JSON would blur, and refuses what it cannot carry', () => {
  const keys = [
    {},
    { a: undefined },
    { a: null },
    { a: 0 },
    { a: -0 },
    { a: '0' },
    { a: Number.NaN },
    { a: Number.POSITIVE_INFINITY },
    { a: '\0u' },
    { a: '\0-0' },
    { a: [undefined] },
    { a: [null] },
    { a: true },
    { a: 'true' },
  ].map((v) => memoKey('service', v));
  assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
  assert.ok(keys.every((k) => k?.startsWith('service:')));
  assert.notEqual(memoKey('service web', {}), memoKey('service db', {}));
  // Not plain data: never memoised.
  assert.equal(memoKey('service', { a: new Date(0) }), undefined);
  assert.equal(memoKey('service', { a: new Map() }), undefined);
  assert.equal(memoKey('service', { a: 1n }), undefined);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.equal(memoKey('service', cycle), undefined);
});
