// Scaled replicas of flotilla and docker compose 2.26.1 on one project (the cache and worker
// services of testdata/interop-v2): each keeps and lists the other's replicas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineScope } from './support/engine.js';
import { flotillaLabelVersion, interopProject, ok, recreated } from './support/interop-v2.js';

const scope = engineScope('interop-v2-scale');
const p = interopProject(scope, 'c');

/** The NAME column of `ps`. */
function names(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0])
    .sort();
}

test('scaled replicas of each tool are kept and listed by the other', async () => {
  ok(await p.compose('up', '-d', '--scale', 'cache=2', 'cache'), 'compose up --scale');
  const scaled = await p.containers();
  const two = [1, 2].map((n) => p.container('cache', n));
  for (const c of two) assert.ok(scaled.has(c), c);

  // flotilla keeps 2.26.1's two replicas and adds a third.
  const up = await p.flotilla('up', '-d', '--scale', 'cache=3', '--progress', 'plain', 'cache');
  ok(up, 'flotilla up --scale');
  const three = await p.containers();
  assert.deepEqual(recreated(scaled, three), [], up.stderr);
  assert.equal(three.get(p.container('cache', 3))?.version, await flotillaLabelVersion());

  // 2.26.1 keeps flotilla's third; both list the same containers.
  const again = await p.compose('up', '-d', '--scale', 'cache=3', 'cache');
  ok(again, 'compose up --scale again');
  assert.deepEqual(recreated(three, await p.containers()), [], again.stderr);
  const mine = await p.flotilla('ps');
  const theirs = await p.compose('ps');
  const expected = [...two, p.container('cache', 3)].sort();
  assert.deepEqual(names(mine.stdout), expected);
  assert.deepEqual(names(theirs.stdout), expected);
});

test('docker compose 2.26.1 scales down the replicas flotilla made', async () => {
  const down = await p.compose('up', '-d', '--scale', 'cache=1', 'cache');
  ok(down, 'compose up --scale cache=1');
  assert.deepEqual([...(await p.containers()).keys()], [p.container('cache')]);
  ok(await p.flotilla('down'), 'flotilla down');
});
