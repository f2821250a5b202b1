import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { cacheHeader, cachedCode, runBundle } from './boot.js';

test('cachedCode takes only a cache written for the same build', () => {
  const code = Buffer.from([1, 2, 3, 4]);
  const raw = Buffer.concat([Buffer.from(cacheHeader('abc123')), code]);
  assert.deepEqual(cachedCode(raw, 'abc123'), code);
  assert.equal(cachedCode(raw, 'abc124'), undefined);
  assert.equal(cachedCode(Buffer.from(cacheHeader('abc123')), 'abc123'), undefined);
  assert.equal(cachedCode(code, 'abc123'), undefined);
});

// The built CLI (npm run build).
const dist = join(import.meta.dirname, '../../dist/cli');
const warmup = join(import.meta.dirname, '../../scripts/warmup/compose.yaml');
const work = mkdtempSync(join(tmpdir(), 'flotilla-boot-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The build's code cache, checked to belong to the built bundle. */
function builtCache(): { header: string; code: Buffer } {
  const raw = readFileSync(join(dist, 'flotilla.cjs.cache'));
  const header = raw.toString('latin1', 0, raw.indexOf(10) + 1);
  assert.match(header, /^flotilla-code-cache [0-9a-f]{32}\n$/);
  return { header, code: raw.subarray(header.length) };
}

test('the build writes one code cache, which V8 takes for the built bundle', () => {
  assert.deepEqual(
    readdirSync(dist)
      .filter((f) => f.includes('cache'))
      .sort(),
    ['flotilla.cjs.cache'],
  );
  const { script } = runBundle(join(dist, 'flotilla.cjs'), builtCache().code);
  assert.equal(script.cachedDataRejected, false);
});

/** Every file below `dir` with its size and modification time (what a write would change). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      out.set(relative(dir, path), `${String(st.size)} ${String(st.mtimeMs)}`);
    }
  };
  walk(dir);
  return out;
}

/** A stand-in engine answering what `ps` asks: a ping and an empty container list. */
async function psEngine(socket: string): Promise<() => Promise<void>> {
  const server = createServer((req, res) => {
    res.setHeader('Api-Version', '1.41');
    if (req.url === '/_ping') res.end('OK');
    else if (req.url?.startsWith('/v1.41/containers/json') === true) res.end('[]');
    else {
      res.statusCode = 404;
      res.end('{"message":"not here"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
}

test('the built CLI writes nothing at run time: not beside itself, not in the home or cache directory', async () => {
  const cli = join(work, 'cli');
  cpSync(dist, cli, { recursive: true });
  const home = join(work, 'home');
  const cache = join(work, 'cache');
  cpSync(join(import.meta.dirname, '../../scripts/warmup'), join(work, 'project'), {
    recursive: true,
  });
  const project = join(work, 'project');
  const stopEngine = await psEngine(join(work, 'engine.sock'));
  const run = (args: readonly string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--', join(cli, 'main.js'), ...args],
        {
          cwd: project,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: home,
            XDG_CACHE_HOME: cache,
            DOCKER_HOST: `unix://${join(work, 'engine.sock')}`,
            ...env,
          },
        },
        (err, stdout) => {
          resolve({ status: err === null ? 0 : Number(err.code), stdout });
        },
      );
    });
  try {
    const before = snapshot(work);
    const config = await run(['--profile', 'jobs', 'config', '--format', 'json']);
    assert.equal(config.status, 0);
    const ps = await run(['ps', '--format', 'json']);
    assert.deepEqual(ps, { status: 0, stdout: '' });
    const psByName = await run(['-p', 'boot', 'ps', '-a']);
    assert.equal(psByName.status, 0);
    // An engine that is not there: a failure, and nothing written either.
    const failed = await run(['ps'], { DOCKER_HOST: `unix://${join(work, 'absent.sock')}` });
    assert.notEqual(failed.status, 0);
    // Without the cache, the same output.
    assert.deepEqual(
      await run(['--profile', 'jobs', 'config', '--format', 'json'], { FLOTILLA_CODE_CACHE: '0' }),
      config,
    );
    // The home and cache directories do not exist: any write would have created them.
    assert.deepEqual(snapshot(work), before);
  } finally {
    await stopEngine();
  }
});

test("another build's cache is not used, and the output is the same", () => {
  const cli = join(work, 'other-build');
  cpSync(dist, cli, { recursive: true });
  writeFileSync(
    join(cli, 'flotilla.cjs.cache'),
    Buffer.concat([Buffer.from(cacheHeader('0'.repeat(32))), builtCache().code]),
  );
  const config = (dir: string): string =>
    execFileSync(
      process.execPath,
      ['--', join(dir, 'main.js'), '-f', warmup, 'config', '--format', 'json'],
      { env: { PATH: process.env.PATH ?? '', HOME: work }, encoding: 'utf8' },
    );
  assert.equal(config(cli), config(dist));
});
