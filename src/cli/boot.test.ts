import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheHeader, cachedCode } from './boot.js';

test('cachedCode takes only a cache written for the same build', () => {
  const code = Buffer.from([1, 2, 3, 4]);
  const raw = Buffer.concat([Buffer.from(cacheHeader('abc123')), code]);
  assert.deepEqual(cachedCode(raw, 'abc123'), code);
  assert.equal(cachedCode(raw, 'abc124'), undefined);
  assert.equal(cachedCode(Buffer.from(cacheHeader('abc123')), 'abc123'), undefined);
  assert.equal(cachedCode(code, 'abc123'), undefined);
});

// The built CLI (npm run build), copied without its cache into a temporary directory.
const dist = join(import.meta.dirname, '../../dist/cli');
const warmup = join(import.meta.dirname, '../../scripts/warmup/compose.yaml');

function copyOfCli(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-boot-'));
  for (const f of ['main.js', 'flotilla.cjs', 'package.json']) {
    copyFileSync(join(dist, f), join(dir, f));
  }
  return dir;
}

function config(dir: string, env: Record<string, string> = {}): string {
  const r = spawnSync(
    process.execPath,
    ['--', join(dir, 'main.js'), '-f', warmup, 'config', '--format', 'json'],
    { env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('the built CLI writes its code cache when missing or stale, and keeps a valid one', () => {
  assert.ok(existsSync(join(dist, 'flotilla.cjs.cache')), 'the CLI is not built: npm run build');
  const built = readFileSync(join(dist, 'flotilla.cjs.cache'));
  const header = built.toString('latin1', 0, built.indexOf(10) + 1);
  assert.match(header, /^flotilla-code-cache [0-9a-f]{32}\n$/);

  const dir = copyOfCli();
  const cache = join(dir, 'flotilla.cjs.cache');
  // Disabled: nothing is written.
  const plain = config(dir, { FLOTILLA_CODE_CACHE: '0' });
  assert.equal(existsSync(cache), false);
  // Missing: the first run writes it, for this build.
  assert.equal(config(dir), plain);
  const first = readFileSync(cache);
  assert.equal(first.toString('latin1', 0, header.length), header);
  // Valid: used as it is, not rewritten, same output.
  assert.equal(config(dir), plain);
  assert.deepEqual(readFileSync(cache), first);
  // Another build's cache is not used, and is replaced.
  writeFileSync(
    cache,
    Buffer.concat([Buffer.from(cacheHeader('0'.repeat(32))), first.subarray(header.length)]),
  );
  assert.equal(config(dir), plain);
  assert.equal(readFileSync(cache).toString('latin1', 0, header.length), header);
  // Garbage after a matching header: V8 rejects it, the output is unchanged, the cache is rewritten.
  const garbage = Buffer.concat([Buffer.from(header), Buffer.alloc(4096, 7)]);
  writeFileSync(cache, garbage);
  assert.equal(config(dir), plain);
  assert.notDeepEqual(readFileSync(cache), garbage);
  assert.equal(readFileSync(cache).toString('latin1', 0, header.length), header);
});
