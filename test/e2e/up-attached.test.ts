// up against the real engine: an image built from a small Dockerfile (args, .dockerignore),
// a job dependency with service_completed_successfully, a secret from the environment, attached
// output split by stream, --exit-code-from; a missing external network creates nothing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isComposeError } from '../../src/api/errors.js';
import type { ContainerStatusLine, LogLine, ProgressEvent } from '../../src/api/events.js';
import type { ComposeContext } from '../../src/compose/context.js';
import { unreachableDependencies } from '../../src/compose/reachability.js';
import { up } from '../../src/compose/up.js';
import { createEngineClient } from '../../src/engine/index.js';
import { loadProjectSync } from '../../src/loader/load-project.js';

const engine = createEngineClient();
const suffix = randomBytes(3).toString('hex');
const created: string[] = [];

function context(events: ProgressEvent[], warnings: string[]): ComposeContext {
  return {
    engine,
    events: (e) => events.push(e),
    parallel: -1,
    compatibility: false,
    composeVersion: '2.40.3',
    warn: (m) => warnings.push(m),
  };
}

async function cleanup(project: string): Promise<void> {
  const filter = { label: [`com.docker.compose.project=${project}`] };
  for (const c of await engine.containers.list({ all: true, filters: filter })) {
    await engine.containers.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
  }
  for (const n of await engine.networks.list({ filters: filter })) {
    await engine.networks.remove(n.Id).catch(() => undefined);
  }
  for (const v of (await engine.volumes.list({ filters: filter })).Volumes) {
    await engine.volumes.remove(v.Name, { force: true }).catch(() => undefined);
  }
  await engine.images.remove(`${project}-app`, { force: true }).catch(() => undefined);
}

after(async () => {
  try {
    for (const p of created) await cleanup(p);
  } finally {
    engine.close();
  }
});

test('attached up builds the image, waits for the job, injects the secret and returns the exit code', async () => {
  const projectName = `fe2e-upbuild-${suffix}`;
  created.push(projectName);
  const dir = join(import.meta.dirname, 'testdata', 'up-build');
  const project = loadProjectSync({
    cwd: dir,
    projectName,
    environment: { HOME: '/root', PATH: process.env.PATH, TOKEN: 'secret-value' },
  });
  const events: ProgressEvent[] = [];
  const lines: LogLine[] = [];
  const statuses: ContainerStatusLine[] = [];
  const code = await up(context(events, []), project, {
    attach: ['app'],
    exitCodeFrom: 'app',
    logConsumer: { log: (l) => lines.push(l), status: (s) => statuses.push(s) },
  });
  assert.equal(code, 3);

  const stdout = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  const stderr = lines.filter((l) => l.stream === 'stderr').map((l) => l.text);
  assert.ok(stdout.includes('built-by-flotilla'), stdout.join('\n'));
  assert.ok(stdout.includes('kept.txt'));
  assert.ok(!stdout.includes('ignored.txt'), 'the .dockerignore entry is not in the context');
  assert.ok(stdout.includes('secret-value'));
  assert.deepEqual(stderr, ['to-stderr']);
  assert.ok(lines.every((l) => l.container === 'app-1' && l.service === 'app'));
  assert.ok(
    statuses.some((s) => s.text === 'app-1 exited with code 3'),
    JSON.stringify(statuses),
  );
  assert.ok(statuses.some((s) => s.text === 'Attaching to app-1'));

  const image = await engine.images.inspect(`${projectName}-app`);
  assert.equal(image.Config?.Labels?.['com.docker.compose.image.builder'], 'classic');
  const [app] = await engine.containers.list({
    all: true,
    filters: {
      label: [`com.docker.compose.project=${projectName}`, 'com.docker.compose.service=app'],
    },
  });
  assert.equal(app.Labels?.['com.docker.compose.image'], image.Id);
  const texts = events.map((e) => `${e.id} ${e.text}`);
  assert.ok(texts.includes(`Image ${projectName}-app Built`));
  assert.ok(texts.includes(`Container ${projectName}-init-1 Exited`), texts.join('\n'));
});

test('a missing external network fails with compose text and creates nothing', async () => {
  const projectName = `fe2e-upext-${suffix}`;
  created.push(projectName);
  const missing = `fe2e-missing-${suffix}`;
  const project = loadProjectSync({
    cwd: join(import.meta.dirname, 'testdata', 'up-external'),
    projectName,
    environment: { HOME: '/root', MISSING_NETWORK: missing },
  });
  await assert.rejects(
    up(context([], []), project, { detach: true }),
    (err: unknown) =>
      isComposeError(err, 'NOT_FOUND') &&
      err.message === `network ${missing} declared as external, but could not be found`,
  );
  const filter = { label: [`com.docker.compose.project=${projectName}`] };
  assert.deepEqual(await engine.containers.list({ all: true, filters: filter }), []);
  assert.deepEqual(await engine.networks.list({ filters: filter }), []);
  assert.deepEqual((await engine.volumes.list({ filters: filter })).Volumes, []);
});

test('the tutorial Flask + Redis example is warned about: web cannot reach redis by name', () => {
  const project = loadProjectSync({
    cwd: join(import.meta.dirname, '..', '..', 'examples', 'flask-redis'),
    projectName: 'flaskredis',
    environment: { HOME: '/root' },
  });
  const warnings = unreachableDependencies(project);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /service "web" depends on "redis", but they share no network/);
  assert.match(warnings[0], /"web" is on "default" and "redis" is on "backend-net"/);
});
