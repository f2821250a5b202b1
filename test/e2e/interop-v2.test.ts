// docker compose 2.26.1 (the Go original, scripts/setup/compose-v2.sh) creates a project with
// every field family of the config hash (testdata/interop-v2); flotilla takes it over without
// recreating anything — it computes each container's hash the way 2.26.1 did
// (src/model/hash-rules.ts) — while a real change still recreates; both list the project alike
// and flotilla's down removes what 2.26.1 made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineScope } from './support/engine.js';
import {
  flotillaLabelVersion,
  hashedDifferently,
  interopProject,
  interopServices,
  ok,
  recreated,
} from './support/interop-v2.js';

const scope = engineScope('interop-v2');
const p = interopProject(scope, 'a');

test('docker compose 2.26.1 up -d, then flotilla up -d recreates nothing; a real change still recreates', async () => {
  ok(await p.compose('up', '-d'), 'compose up');
  const created = await p.containers();
  assert.deepEqual(
    [...created.keys()].sort(),
    interopServices.map((s) => p.container(s)),
  );
  const hashes = await p.flotilla('config', '--hash', '*');
  ok(hashes, 'config --hash');
  const own = new Map(
    hashes.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
  for (const s of interopServices) {
    const c = created.get(p.container(s))!;
    assert.equal(c.version, '2.26.1');
    assert.equal(c.state, 'running', s);
    // The rules are needed: 2.26.1's label differs from flotilla's own hash exactly for these.
    assert.equal(c.hash !== own.get(s), hashedDifferently.includes(s), s);
  }

  const up = await p.flotilla('up', '-d', '--progress', 'plain');
  ok(up, 'flotilla up');
  assert.doesNotMatch(up.stderr, /Recreate/);
  const after = await p.containers();
  assert.deepEqual(recreated(created, after), [], up.stderr);
  for (const c of after.values()) assert.equal(c.state, 'running');

  // A real change (web's environment, in an override file) recreates web only.
  const changed = await p.flotilla(
    ...['-f', 'compose.yaml', '-f', 'changed.yaml', 'up', '-d', '--progress', 'plain'],
  );
  ok(changed, 'flotilla up with a change');
  const last = await p.containers();
  assert.deepEqual(recreated(after, last), [p.container('web')], changed.stderr);
  assert.equal(last.get(p.container('web'))?.version, await flotillaLabelVersion());
});

test('ps of each lists the other’s containers with the same columns', async () => {
  // The project holds containers of both tools now (web was recreated by flotilla).
  const mine = await p.flotilla('ps');
  const theirs = await p.compose('ps');
  ok(mine, 'flotilla ps');
  ok(theirs, 'compose ps');
  // Status and age move on between the two calls; the other columns are compared as printed.
  const rows = (out: string): string[][] =>
    out
      .trimEnd()
      .split('\n')
      .map((line) => line.trimEnd().split(/ {2,}/));
  const a = rows(mine.stdout);
  const b = rows(theirs.stdout);
  assert.deepEqual(a[0], ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS']);
  assert.deepEqual(b[0], a[0]);
  const stable = (r: string[]): string[] => [r[0], r[1], r[2], r[3], r[6] ?? ''];
  assert.deepEqual(
    a.slice(1).map(stable),
    b.slice(1).map(stable),
    `${mine.stdout}\n${theirs.stdout}`,
  );
  assert.equal(a.length, interopServices.length + 1);
  for (const r of [...a.slice(1), ...b.slice(1)]) assert.match(r[5], /^Up /);

  const ids = (out: string): string[] => out.trim().split('\n').sort();
  const q1 = await p.flotilla('ps', '-q');
  const q2 = await p.compose('ps', '-q');
  assert.deepEqual(ids(q1.stdout), ids(q2.stdout));
  assert.equal(ids(q1.stdout).length, interopServices.length);
});

test('flotilla down removes what docker compose 2.26.1 made', async () => {
  const down = await p.flotilla('down', '--progress', 'plain');
  ok(down, 'flotilla down');
  const label = [`com.docker.compose.project=${p.name}`];
  assert.deepEqual(await scope.engine.containers.list({ all: true, filters: { label } }), []);
  const networks = await scope.engine.networks.list({ filters: { label } });
  assert.deepEqual(
    networks.map((n) => n.Name),
    [],
  );
  // Without -v the named volume stays, as with docker compose.
  const volume = await scope.engine.volumes.inspect(`${p.name}_data`);
  assert.equal(volume.Labels?.['com.docker.compose.volume'], 'data');
});
