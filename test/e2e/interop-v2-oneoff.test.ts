// One-off containers and orphans of flotilla and docker compose 2.26.1 on one project (the
// cache and worker services of testdata/interop-v2): neither lists one-offs in ps, both name
// the same orphans, and 2.26.1's `down --remove-orphans` removes flotilla's one-off too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineScope } from './support/engine.js';
import { interopProject, ok } from './support/interop-v2.js';

const scope = engineScope('interop-v2-oneoff');
const p = interopProject(scope, 'd');

test('one-off containers and orphans are seen alike', async () => {
  ok(await p.compose('up', '-d', 'worker'), 'compose up worker');
  // One-offs of both tools: neither ps lists them; both see them as the project's.
  ok(await p.compose('run', '-d', 'worker', 'sleep', '300'), 'compose run');
  ok(await p.flotilla('run', '-d', 'worker', 'sleep', '300'), 'flotilla run');
  const oneoffs = await scope.engine.containers.list({
    all: true,
    filters: {
      label: [`com.docker.compose.project=${p.name}`, 'com.docker.compose.oneoff=True'],
    },
  });
  assert.equal(oneoffs.length, 2);
  const runs = oneoffs.map((c) => c.Names[0].slice(1)).sort();
  for (const n of runs) assert.match(n, new RegExp(`^${p.name}-worker-run-[0-9a-f]{12}$`));
  assert.doesNotMatch((await p.flotilla('ps')).stdout, /-run-/);
  assert.doesNotMatch((await p.compose('ps')).stdout, /-run-/);

  // Orphans: with an override that removes worker, both name the same containers — worker's
  // replica and both one-offs — in their orphan warning (2.26.1 prints them as a Go list).
  const orphansOf = (stderr: string): string[] => {
    const m = /Found orphan containers \(\[?([^)\]]*)\]?\)/.exec(stderr);
    assert.ok(m, stderr);
    return m[1].split(/,? /).filter(Boolean).sort();
  };
  const reduced = ['-f', 'compose.yaml', '-f', 'reduced.yaml'];
  const f = await p.flotilla(
    ...reduced,
    'up',
    '-d',
    '--no-recreate',
    '--scale',
    'cache=4',
    'cache',
  );
  const c = await p.compose(...reduced, 'up', '-d', '--no-recreate', 'cache');
  ok(f, 'flotilla up without worker');
  ok(c, 'compose up without worker');
  const expected = [...runs, p.container('worker')].sort();
  assert.deepEqual(orphansOf(f.stderr), expected);
  assert.deepEqual(orphansOf(c.stderr), expected);
});

test('docker compose 2.26.1 down --remove-orphans removes what flotilla made, one-offs too', async () => {
  const down = await p.compose('down', '--remove-orphans');
  ok(down, 'compose down');
  const label = [`com.docker.compose.project=${p.name}`];
  assert.deepEqual(await scope.engine.containers.list({ all: true, filters: { label } }), []);
  const networks = await scope.engine.networks.list({ filters: { label } });
  assert.deepEqual(
    networks.map((n) => n.Name),
    [],
  );
});
