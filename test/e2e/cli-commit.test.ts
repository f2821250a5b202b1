// `commit` through the built CLI against the real engine: the image holds the file the service
// container wrote, with the author, message and -c changes asked for; --index picks a replica;
// the container is paused during the commit unless --pause=false; bad input fails cleanly.
import assert from 'node:assert/strict';

import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { collectOutput, isEngineError } from '../../src/engine/index.js';
import { engineScope } from './support/engine.js';
import { ensureBuilt, runFlotilla, type CliResult } from './support/cli.js';

const scope = engineScope('flvx-commit');
const { engine } = scope;
const project = scope.prefix;
const composeFile = join(import.meta.dirname, 'testdata/cli-commit/compose.yaml');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };

function cli(args: readonly string[]): Promise<CliResult> {
  return runFlotilla(['-p', project, ...args], { env });
}

/** Runs a container of `image` to its end and returns its stdout. */
async function runImage(image: string, cmd?: string[]): Promise<string> {
  const { Id } = await engine.containers.create({ Image: image, Cmd: cmd, Labels: scope.labels });
  try {
    await engine.containers.start(Id);
    await engine.containers.wait(Id);
    return (await collectOutput(await engine.containers.logs(Id))).stdout;
  } finally {
    await engine.containers.remove(Id, { force: true });
  }
}

/** The image ID of `Committed as <id>` in the progress output. */
function committedId(stderr: string): string {
  const m = /Committed as (sha256:[0-9a-f]{64})/.exec(stderr);
  assert.ok(m, `no "Committed as" line in:\n${stderr}`);
  return m[1];
}

/** The pause and unpause events of a container between two times (Unix seconds). */
async function pauseEvents(container: string, since: number, until: number): Promise<string[]> {
  const stream = await engine.events({
    since,
    until,
    filters: { type: ['container'], container: [container] },
  });
  const actions: string[] = [];
  for await (const e of stream)
    if (e.Action === 'pause' || e.Action === 'unpause') actions.push(e.Action);
  return actions;
}

const hostnameOf = async (name: string): Promise<string> =>
  (await engine.containers.inspect(name)).Config.Hostname ?? '';

before(async () => {
  ensureBuilt();
  const up = await cli(['-f', composeFile, 'up', '-d']);
  assert.equal(up.code, 0, up.stderr);
});

after(async () => {
  await cli(['-f', composeFile, 'down', '-t', '0']);
});

test('commit makes an image with the container file, author, message and changes', async () => {
  const image = `${project}-snap:v1`;
  const since = Math.floor(Date.now() / 1000) - 1;
  const r = await cli([
    '-f',
    composeFile,
    'commit',
    '-a',
    'Flotilla Tester <t@example.com>',
    '--message',
    'snapshot of app',
    '-c',
    'CMD ["cat", "/made-here"]',
    '--change',
    'ENV FLVX_COMMITTED=yes',
    'app',
    image,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`Container ${project}-app-1 Committing`));
  const inspect = await engine.images.inspect(image);
  assert.equal(committedId(r.stderr), inspect.Id);
  assert.equal(inspect.Author, 'Flotilla Tester <t@example.com>');
  assert.equal(inspect.Comment, 'snapshot of app');
  const config = inspect.Config;
  assert.ok(config);
  assert.deepEqual(config.Cmd, ['cat', '/made-here']);
  assert.ok(config.Env?.includes('FLVX_COMMITTED=yes'), String(config.Env));
  // The file replica #1 wrote at start is in the image, and its CMD prints it.
  assert.equal(await runImage(image), `${await hostnameOf(`${project}-app-1`)}\n`);
  // -p/--pause is on by default: the engine paused the container for the commit.
  const until = Math.floor(Date.now() / 1000) + 1;
  assert.deepEqual(await pauseEvents(`${project}-app-1`, since, until), ['pause', 'unpause']);
});

test('commit --index picks the replica, keeps its CMD, and --pause=false does not pause', async () => {
  const since = Math.floor(Date.now() / 1000) - 1;
  const r = await cli(['commit', '--index', '2', '--pause=false', 'app']);
  assert.equal(r.code, 0, r.stderr);
  const id = committedId(r.stderr);
  const inspect = await engine.images.inspect(id);
  // Without REPOSITORY the image is untagged; without -c it keeps the container's command.
  assert.deepEqual(inspect.RepoTags ?? [], []);
  assert.deepEqual(inspect.Config?.Cmd, ['sh', '-c', 'hostname > /made-here && sleep 3600']);
  assert.equal(
    await runImage(id, ['cat', '/made-here']),
    `${await hostnameOf(`${project}-app-2`)}\n`,
  );
  const until = Math.floor(Date.now() / 1000) + 1;
  assert.deepEqual(await pauseEvents(`${project}-app-2`, since, until), []);
  await engine.images.remove(id, { force: true });
});

test('commit fails clearly for an unknown service, a missing replica and a bad reference', async () => {
  const unknown = await cli(['-f', composeFile, 'commit', 'nope']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no such service: nope/);
  const missing = await cli(['commit', '--index', '3', 'app']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /service "app" is not running container #3/);
  const bad = await cli(['commit', 'app', `${project}-Snap`]);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /invalid reference format: repository name \(.*-Snap\) must be lowercase/,
  );
  assert.doesNotMatch(bad.stderr, /Committing/);
  await assert.rejects(engine.images.inspect(`${project}-Snap`), (err) => isEngineError(err));
});
