// Config hashes kept between runs (src/cli/hash-memo.ts): `up` leaves each service's hash in
// the user's cache directory, the next `up` of an unchanged project finds them there and changes
// nothing, and a changed service gets a new hash (and a new container) all the same.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('hashmemo');
const project = scope.prefix;
const work = mkdtempSync(join(tmpdir(), 'flotilla-hash-memo-'));
const cache = join(work, 'cache');
const composeFile = join(work, 'compose.yaml');
const memoFile = join(cache, 'flotilla', 'config-hashes', `${project}.json`);

function writeCompose(greeting: string): void {
  writeFileSync(
    composeFile,
    `services:
  a:
    image: busybox:latest
    command: ["sleep", "3600"]
    environment:
      GREETING: ${greeting}
    labels:
      dev.flotilla.e2e: ${project}
  b:
    image: busybox:latest
    command: ["sleep", "3600"]
    labels:
      dev.flotilla.e2e: ${project}
networks:
  default:
    labels:
      dev.flotilla.e2e: ${project}
`,
  );
}

function cli(args: readonly string[]): Promise<CliResult> {
  const env = { ...process.env, XDG_CACHE_HOME: cache, COMPOSE_PROGRESS: 'plain' };
  return runFlotilla(['-p', project, '-f', composeFile, ...args], { env, cwd: work });
}

/** Each service's container: its id and config-hash label. */
async function containers(): Promise<Map<string, { id: string; hash: string }>> {
  const list = await scope.engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  return new Map(
    list.map((c) => [
      c.Labels?.['com.docker.compose.service'] ?? '',
      { id: c.Id, hash: c.Labels?.['com.docker.compose.config-hash'] ?? '' },
    ]),
  );
}

function memoHashes(): string[] {
  const memo = JSON.parse(readFileSync(memoFile, 'utf8')) as {
    build: string;
    hashes: Record<string, string>;
  };
  assert.match(memo.build, /^[0-9a-f]{32}$/);
  return Object.values(memo.hashes);
}

before(() => {
  ensureBuilt();
  writeCompose('hello');
});

after(async () => {
  await cli(['down', '-t', '0']);
  await scope.cleanup();
  rmSync(work, { recursive: true, force: true });
});

test('up keeps the config hashes it computed; an unchanged project is left alone', async () => {
  const up = await cli(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  const first = await containers();
  assert.deepEqual([...first.keys()].sort(), ['a', 'b']);
  const kept = memoHashes();
  for (const { hash } of first.values())
    assert.ok(kept.includes(hash), `${hash} in ${kept.join(' ')}`);

  const again = await cli(['up', '-d']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`Container ${project}-a-1 +Running`));
  assert.deepEqual(await containers(), first);
});

test('a changed service is recreated with its new hash, which is kept too', async () => {
  const before = await containers();
  writeCompose('changed');
  const up = await cli(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  const after = await containers();
  assert.notEqual(after.get('a')?.id, before.get('a')?.id);
  assert.notEqual(after.get('a')?.hash, before.get('a')?.hash);
  assert.deepEqual(after.get('b'), before.get('b'));
  const kept = memoHashes();
  assert.ok(kept.includes(after.get('a')?.hash ?? ''));
  assert.ok(kept.includes(before.get('a')?.hash ?? ''), 'the earlier hash stays for a while');
});
