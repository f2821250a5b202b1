// flotilla creates the interop project (testdata/interop-v2); docker compose 2.26.1 takes it
// over and recreates exactly the services whose config hash 2.26.1 computes differently from
// current compose (listed in the README), after which neither tool recreates anything; 2.26.1's
// down removes what flotilla made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineScope } from './support/engine.js';
import {
  hashedDifferently,
  interopProject,
  interopServices,
  ok,
  recreated,
} from './support/interop-v2.js';

const scope = engineScope('interop-v2-rev');
const p = interopProject(scope, 'b');

test('flotilla up -d, then docker compose 2.26.1 up -d recreates only what 2.26.1 hashes differently', async () => {
  ok(await p.flotilla('up', '-d', '--progress', 'plain'), 'flotilla up');
  const created = await p.containers();
  assert.deepEqual(
    [...created.keys()].sort(),
    interopServices.map((s) => p.container(s)),
  );

  const up = await p.compose('up', '-d');
  ok(up, 'compose up');
  const after = await p.containers();
  assert.deepEqual(
    recreated(created, after).sort(),
    hashedDifferently.map((s) => p.container(s)),
    up.stderr,
  );
  // Once 2.26.1 wrote its own hashes, neither tool recreates anything.
  const again = await p.compose('up', '-d');
  ok(again, 'compose up again');
  const stable = await p.containers();
  assert.deepEqual(recreated(after, stable), []);
  const mine = await p.flotilla('up', '-d', '--progress', 'plain');
  ok(mine, 'flotilla up again');
  assert.deepEqual(recreated(stable, await p.containers()), [], mine.stderr);
});

test('docker compose 2.26.1 down removes what flotilla made', async () => {
  // cache-1 and the networks are flotilla's; the other containers 2.26.1's.
  const down = await p.compose('down');
  ok(down, 'compose down');
  const label = [`com.docker.compose.project=${p.name}`];
  assert.deepEqual(await scope.engine.containers.list({ all: true, filters: { label } }), []);
  const networks = await scope.engine.networks.list({ filters: { label } });
  assert.deepEqual(
    networks.map((n) => n.Name),
    [],
  );
});
