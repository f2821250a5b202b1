import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheHeader, cachedCode, canWriteBeside, pickCache } from './boot.js';

test('cachedCode takes only a cache written for the same build', () => {
  const code = Buffer.from([1, 2, 3, 4]);
  const raw = Buffer.concat([Buffer.from(cacheHeader('abc123')), code]);
  assert.deepEqual(cachedCode(raw, 'abc123'), code);
  assert.equal(cachedCode(raw, 'abc124'), undefined);
  assert.equal(cachedCode(Buffer.from(cacheHeader('abc123')), 'abc123'), undefined);
  assert.equal(cachedCode(code, 'abc123'), undefined);
});

test('pickCache: its own cache, none when disabled, the fallback where none can be written', () => {
  const own = Buffer.from('own');
  const full = Buffer.from('full');
  const calls: string[] = [];
  const reader = (name: string, value: Buffer | undefined) => () => {
    calls.push(name);
    return value;
  };
  const yes = (): boolean => true;
  const no = (): boolean => false;
  assert.deepEqual(pickCache(undefined, reader('own', own), no, reader('full', full)), {
    data: own,
    refresh: true,
  });
  assert.deepEqual(calls, ['own']);
  // Missing and writable: none now, its own written at exit (not the fallback's functions).
  assert.deepEqual(pickCache(undefined, reader('own', undefined), yes, reader('full', full)), {
    data: undefined,
    refresh: true,
  });
  // Missing where nothing can be written: the fallback, and no write.
  assert.deepEqual(pickCache(undefined, reader('own', undefined), no, reader('full', full)), {
    data: full,
    refresh: false,
  });
  calls.length = 0;
  assert.deepEqual(pickCache('0', reader('own', own), no, reader('full', full)), {
    data: undefined,
    refresh: false,
  });
  assert.deepEqual(pickCache('refresh', reader('own', own), no, reader('full', full)), {
    data: undefined,
    refresh: true,
  });
  assert.deepEqual(calls, []);
});

test('canWriteBeside tries a file next to the cache and leaves nothing behind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-boot-probe-'));
  assert.equal(canWriteBeside(join(dir, 'flotilla.cjs.up.cache')), true);
  assert.deepEqual(readdirSync(dir), []);
  assert.equal(canWriteBeside(join(dir, 'missing', 'flotilla.cjs.up.cache')), false);
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

/** A stand-in engine answering what `ps` asks: a ping and an empty container list. */
async function psEngine(dir: string): Promise<{ host: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const socket = join(dir, 'engine.sock');
  const server = createServer((req, res) => {
    res.setHeader('Api-Version', '1.41');
    if (req.url === '/_ping') {
      res.end('OK');
    } else if (req.url?.startsWith('/v1.41/containers/json') === true) {
      res.setHeader('Content-Type', 'application/json');
      res.end('[]');
    } else {
      res.statusCode = 404;
      res.end('{"message":"not here"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    host: `unix://${socket}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

test("a verb's own cache is written by its first successful run, not by a failed one", async () => {
  const { execFile } = await import('node:child_process');
  const dir = copyOfCli();
  const cache = join(dir, 'flotilla.cjs.ps.cache');
  const ps = (host: string) =>
    new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--', join(dir, 'main.js'), '-f', warmup, '-p', 'bootcache', 'ps', '--format', 'json'],
        { env: { PATH: process.env.PATH ?? '', HOME: dir, DOCKER_HOST: host } },
        (err, stdout) => {
          resolve({ status: err === null ? 0 : Number(err.code), stdout });
        },
      );
    });
  // No engine: ps fails, and its cache is not written from that error path.
  const failed = await ps(`unix://${join(dir, 'absent.sock')}`);
  assert.notEqual(failed.status, 0);
  assert.equal(existsSync(cache), false);
  const engine = await psEngine(dir);
  try {
    const first = await ps(engine.host);
    assert.equal(first.status, 0);
    const written = readFileSync(cache);
    assert.match(written.toString('latin1', 0, 60), /^flotilla-code-cache [0-9a-f]{32}\n/);
    // The next run uses it as it is, with the same answer.
    const second = await ps(engine.host);
    assert.deepEqual(second, first);
    assert.deepEqual(readFileSync(cache), written);
  } finally {
    await engine.close();
  }
});
