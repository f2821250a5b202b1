// Services with identical build sections are built once and tagged for each: `build --no-cache`
// gives two services the same image (a stamp that differs per build), `up --build` builds the
// pair once, and a service whose args differ still builds on its own.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, runFlotilla } from './support/cli.js';
import { engineScope } from './support/engine.js';

const scope = engineScope('ci-build');
const dir = join(import.meta.dirname, 'testdata/ci-build-once');
const env = { ...process.env, E2E_SCOPE: scope.prefix, COMPOSE_PROGRESS: 'plain' };

before(() => {
  ensureBuilt();
});

after(async () => {
  await runFlotilla(['-p', scope.name('up'), 'down', '-t', '0'], { cwd: dir, env });
  await scope.cleanup();
});

async function imageId(service: string): Promise<string> {
  return (await scope.engine.images.inspect(`${scope.prefix}-${service}:latest`)).Id;
}

/** The image names the plain progress reported as built. */
function built(stderr: string): string[] {
  return [...stderr.matchAll(/Image (\S+) Built/g)].map((m) => m[1]).sort();
}

test('build --no-cache: one build for two identical build sections, one for the other', async () => {
  const r = await runFlotilla(['-p', scope.name('build'), 'build', '--no-cache'], {
    cwd: dir,
    env,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await imageId('api'), await imageId('worker'));
  assert.notEqual(await imageId('api'), await imageId('other'));
  assert.equal(built(r.stderr).length, 2, r.stderr);
});

test('up --build: the pair is built once and both containers run the same stamp', async () => {
  const project = scope.name('up');
  const r = await runFlotilla(['-p', project, 'up', '--build', '--no-start'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  const images = built(r.stderr);
  assert.equal(images.length, 2, r.stderr);
  assert.ok(
    images.some((i) => i.endsWith('-other')),
    r.stderr,
  );
  const list = await scope.engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  const byService = new Map(list.map((c) => [c.Labels?.['com.docker.compose.service'], c.ImageID]));
  assert.equal(byService.get('api'), byService.get('worker'));
  assert.equal(byService.get('api'), await imageId('api'));
});
