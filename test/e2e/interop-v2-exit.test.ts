// Exit statuses of flotilla and docker compose 2.26.1 on the same scenarios
// (testdata/interop-v2-output), each tool on its own project: `up --exit-code-from`, `run`,
// `down`, `build -q` that succeeds and that fails, and a broken or missing compose file. The differences asserted here are the ones the
// README's docker compose v2 table lists.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runFlotilla } from './support/cli.js';
import { composeV2Config, runComposeV2 } from './support/compose-v2.js';
import { engineScope } from './support/engine.js';
import { normalised, type ToolRun } from './support/interop-v2.js';

const scope = engineScope('interop-v2-exit');
const dir = join(import.meta.dirname, 'testdata', 'interop-v2-output');
const env = { E2E_SCOPE: scope.prefix, NO_COLOR: '1' };
const mine = scope.name('f');
const theirs = scope.name('c');

async function flotilla(...args: string[]): Promise<ToolRun> {
  // buildx from the same DOCKER_CONFIG as docker compose's: both build with BuildKit.
  const r = await runFlotilla(['-p', mine, ...args], {
    cwd: dir,
    env: { ...process.env, ...env, DOCKER_CONFIG: composeV2Config() },
  });
  return normalised(r, mine);
}

async function compose(...args: string[]): Promise<ToolRun> {
  return normalised(await runComposeV2(['-p', theirs, ...args], { cwd: dir, env }), theirs);
}

/** Both tools with the same arguments, at the same time. */
function both(...args: string[]): Promise<[ToolRun, ToolRun]> {
  return Promise.all([flotilla(...args), compose(...args)]);
}

test('up --exit-code-from: the job’s status, its log and exit line alike', async () => {
  const [f, c] = await both(
    ...['--profile', 'job', '--progress', 'plain', 'up', '--exit-code-from', 'job', 'job'],
  );
  assert.equal(f.code, 3, f.stderr);
  assert.equal(c.code, 3, c.stderr);
  for (const r of [f, c]) {
    assert.match(r.stdout, /job-1 {2}\| job ran/);
    assert.match(r.stdout, /job-1 exited with code 3/);
  }
  // The abort notice: a `Compose` event line in flotilla (as current compose), a bare line in
  // 2.26.1; 2.26.1 also hides Starting/Started of the attached container in plain mode.
  assert.match(f.stderr, /^ Compose Aborting Aborting on container exit\.\.\.$/m);
  assert.match(c.stdout + c.stderr, /^Aborting on container exit\.\.\.$/m);
  assert.ok(f.events.includes(' Container P-job-1 Started'));
  assert.ok(!c.events.includes(' Container P-job-1 Started'));
});

test('run: the command’s status; run -d prints the container ID', async () => {
  const [f, c] = await both('run', '--rm', 'web', 'sh', '-c', 'echo out; exit 7');
  assert.equal(f.code, 7, f.stderr);
  assert.equal(c.code, 7, c.stderr);
  assert.equal(f.stdout, 'out\n');
  assert.equal(c.stdout, 'out\n');
  const [fd, cd] = await both('run', '-d', 'web', 'true');
  assert.equal(fd.code, 0, fd.stderr);
  assert.equal(cd.code, 0, cd.stderr);
  assert.match(fd.stdout, /^[0-9a-f]{64}\n$/);
  assert.match(cd.stdout, /^[0-9a-f]{64}\n$/);
  const missing = await both('run', '--rm', 'nope', 'true');
  for (const r of missing) {
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no such service: nope/);
  }
});

test('down: exit 0 and the same events; a second down finds nothing', async () => {
  const [f, c] = await both('--progress', 'plain', 'down', '--remove-orphans');
  assert.equal(f.code, 0, f.stderr);
  assert.equal(c.code, 0, c.stderr);
  const sorted = (r: ToolRun): string[] =>
    r.events.map((e) => e.replace(/run-[0-9a-f]{12}/, 'run-ID')).sort();
  assert.deepEqual(sorted(f), sorted(c));
  assert.ok(f.events.includes(' Network P_default Removed'), f.stderr);
  const [f2, c2] = await both('down');
  assert.equal(f2.code, 0, f2.stderr);
  assert.equal(c2.code, 0, c2.stderr);
  // The same warning; flotilla prints it in logrus' terminal form, 2.26.1 as a bare line.
  assert.match(f2.stderr, /Warning: No resource found to remove for project "P"\./);
  assert.match(c2.stderr, /^Warning: No resource found to remove for project "P"\.$/m);
});

test('build -q: nothing printed by either; a failed build exits 1 in flotilla, 17 in 2.26.1', async () => {
  const [f, c] = await both('--profile', 'build', 'build', '-q', 'built');
  for (const r of [f, c]) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
  }
  for (const project of [mine, theirs]) {
    const image = await scope.engine.images.inspect(`${project}-built`);
    assert.equal(image.Config?.Labels?.['dev.flotilla.e2e'], scope.prefix);
  }
  // A failed build: its error, and no progress lines. 2.26.1 exits with its build-failure
  // category (17, removed in 2.33); flotilla, as current compose, with 1.
  const [ff, cf] = await both('--profile', 'build', 'build', '-q', 'broken');
  assert.equal(ff.code, 1, ff.stderr);
  assert.equal(cf.code, 17, cf.stderr);
  for (const r of [ff, cf]) {
    assert.match(r.stderr, /exit code: 4/);
    assert.deepEqual(r.events, []);
  }
  assert.equal(ff.stderr.trimEnd().split('\n').length, 1, ff.stderr);
});

test('a broken or missing compose file: exit 1 in flotilla, 15 and 14 in 2.26.1', async () => {
  const broken = await both(
    '-f',
    'compose.yaml',
    '-f',
    join(dir, '..', 'up-bad-input', 'invalid.yaml'),
    'config',
  );
  assert.equal(broken[0].code, 1, broken[0].stderr);
  assert.equal(broken[1].code, 15, broken[1].stderr);
  assert.match(broken[0].stderr, /invalid\.yaml:\d+:\d+: services\.web\.ports/);
  assert.match(broken[1].stderr, /services\.web\.ports must be a list/);
  const missing = await both('-f', 'missing.yaml', 'config');
  assert.equal(missing[0].code, 1, missing[0].stderr);
  assert.equal(missing[1].code, 14, missing[1].stderr);
});

test('-p alone, down of a name without containers: 2.26.1 removes the project, flotilla nothing', async () => {
  const [fu, cu] = await both('up', '-d', 'web');
  assert.equal(fu.code, 0, fu.stderr);
  assert.equal(cu.code, 0, cu.stderr);
  // `-p` without `-f`: both work from the containers' labels, not from compose.yaml.
  const [f, c] = await both('--progress', 'plain', 'down', 'nosuch');
  assert.equal(f.code, 0, f.stderr);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(f.events, []);
  assert.match(f.stderr, /Any of the services \[nosuch\] not running in project "P"/);
  assert.ok(c.events.includes(' Container P-web-1 Removed'), c.stderr);
  const left = async (project: string): Promise<string[]> =>
    (
      await scope.engine.containers.list({
        all: true,
        filters: { label: [`com.docker.compose.project=${project}`] },
      })
    ).map((x) => x.Names[0]);
  assert.deepEqual(await left(mine), [`/${mine}-web-1`]);
  assert.deepEqual(await left(theirs), []);
  const cleanup = await flotilla('down');
  assert.equal(cleanup.code, 0, cleanup.stderr);
});
