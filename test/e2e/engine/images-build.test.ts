import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isComposeError } from '../../../src/api/errors.js';
import { createBuildContext } from '../../../src/build/build-context.js';
import { readBuildOutput } from '../../../src/build/build-output.js';
import { tarArchive } from '../../../src/build/tar-writer.js';
import { STREAM_ERROR, collectOutput, isEngineError } from '../../../src/engine/index.js';
import { engineScope } from '../support/engine.js';

const scope = engineScope('images');
const { engine } = scope;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dockerfileContext(dockerfile: string, files: Record<string, string> = {}): Buffer {
  return tarArchive([
    { name: 'Dockerfile', type: 'file', mode: 0o644, content: dockerfile },
    ...Object.entries(files).map(([name, content]) => ({
      name,
      type: 'file' as const,
      mode: 0o644,
      content,
    })),
  ]);
}

async function run(image: string, cmd: string[]): Promise<string> {
  const { Id } = await engine.containers.create({ Image: image, Cmd: cmd, Labels: scope.labels });
  await engine.containers.start(Id);
  await engine.containers.wait(Id);
  return (await collectOutput(await engine.containers.logs(Id))).stdout;
}

test('images inspect, tag, list by reference, remove', async () => {
  const busybox = await engine.images.inspect('busybox');
  assert.match(busybox.Id, /^sha256:[0-9a-f]{64}$/);
  const repo = `${scope.prefix}/tagged`;
  await engine.images.tag('busybox', { repo, tag: 'v1' });
  const listed = await engine.images.list({ filters: { reference: [`${repo}:v1`] } });
  assert.deepEqual(
    listed.map((i) => i.Id),
    [busybox.Id],
  );
  const removed = await engine.images.remove(`${repo}:v1`);
  assert.deepEqual(removed, [{ Untagged: `${repo}:v1` }]);
  await assert.rejects(engine.images.inspect(`${repo}:v1`), (e: unknown) => isEngineError(e, 404));
});

test('images build with build args, target, labels and no cache returns the image id', async () => {
  const tag = `${scope.prefix}-multi:latest`;
  const context = dockerfileContext(
    [
      'FROM busybox AS base',
      'ARG GREETING=unset',
      'RUN echo "$GREETING" > /greeting',
      'FROM base AS final',
      'RUN echo final > /stage',
      'FROM base AS other',
      'RUN echo other > /stage',
    ].join('\n'),
  );
  const lines: string[] = [];
  const id = await engine.images.buildImage(context, {
    tags: [tag],
    buildArgs: { GREETING: 'hello-arg' },
    target: 'final',
    labels: { ...scope.labels, 'org.example.kind': 'test' },
    noCache: true,
    onMessage: (m) => {
      if (m.stream !== undefined) lines.push(m.stream);
    },
  });
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  const image = await engine.images.inspect(tag);
  assert.equal(image.Id, id);
  assert.equal(image.Config?.Labels?.['org.example.kind'], 'test');
  assert.equal(await run(tag, ['cat', '/greeting', '/stage']), 'hello-arg\nfinal\n');
  assert.ok(lines.some((l) => l.startsWith('Step 1/')));
  assert.ok(!lines.join('').includes('Using cache'));
});

test('images build failure surfaces the builder message as an EngineError', async () => {
  const context = dockerfileContext('FROM busybox\nRUN echo about to fail && exit 3\n');
  const err = await engine.images
    .buildImage(context, { labels: scope.labels, forceRemove: true })
    .catch((e: unknown) => e);
  assert.ok(isEngineError(err));
  assert.equal(err.code, STREAM_ERROR);
  assert.match(err.message, /returned a non-zero code: 3/);
  const bad = await engine.images
    .buildImage(dockerfileContext('FORM busybox\n'), { labels: scope.labels, forceRemove: true })
    .catch((e: unknown) => e);
  assert.ok(isEngineError(bad));
  assert.match(bad.message, /unknown instruction: FORM/i);
});

test('images build decoded into a BUILD error naming the service and step', async () => {
  const stream = await engine.images.build(dockerfileContext('FROM busybox\nRUN exit 4\n'), {
    labels: scope.labels,
    forceRemove: true,
  });
  const err = await readBuildOutput(stream, {
    service: 'web',
    isStreamError: (e) => isEngineError(e) && e.code === STREAM_ERROR,
  }).catch((e: unknown) => e);
  assert.ok(isComposeError(err, 'BUILD'));
  assert.match(
    err.message,
    /^build of service "web" failed at "Step 2\/\d : RUN exit 4": .*non-zero code: 4/,
  );
});

test('build context from a directory honours .dockerignore inside the image', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-e2e-ctx-'));
  dirs.push(root);
  mkdirSync(join(root, 'app'));
  mkdirSync(join(root, 'secrets'));
  writeFileSync(
    join(root, 'Dockerfile'),
    'FROM busybox\nCOPY . /ctx\nCMD ["find", "/ctx", "-type", "f"]\n',
  );
  writeFileSync(join(root, '.dockerignore'), 'secrets\n*.log\n!important.log\n');
  writeFileSync(join(root, 'app', 'main.txt'), 'main');
  writeFileSync(join(root, 'secrets', 'token'), 'hunter2');
  writeFileSync(join(root, 'debug.log'), 'noise');
  writeFileSync(join(root, 'important.log'), 'keep');
  const ctx = await createBuildContext({ context: root });
  const tag = `${scope.prefix}-ctx:latest`;
  const stream = await engine.images.build(ctx.tar, {
    tags: [tag],
    dockerfile: ctx.dockerfile,
    labels: scope.labels,
  });
  const id = await readBuildOutput(stream);
  assert.match(id, /^sha256:/);
  const files = (await run(tag, ['find', '/ctx', '-type', 'f'])).trim().split('\n').sort();
  // The engine drops an ignored Dockerfile/.dockerignore itself; here neither is ignored.
  assert.deepEqual(files, [
    '/ctx/.dockerignore',
    '/ctx/Dockerfile',
    '/ctx/app/main.txt',
    '/ctx/important.log',
  ]);
});
