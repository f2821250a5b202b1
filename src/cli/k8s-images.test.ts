// `k8s deploy --build [--push]` before any engine call: which services are built, the images
// deployed without --push, and --push refused for a built service whose image names no
// repository. The push itself, and the digest, are exercised in test/e2e/k8s-build-push.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Compose } from '../api/compose.js';
import { isComposeError } from '../api/errors.js';
import { loadProject } from '../loader/load-project.js';
import { buildForCluster } from './k8s-images.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-k8s-images-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fakeCompose(calls: string[]): Compose {
  return {
    build: (_p: unknown, o: { services?: string[] }) => {
      calls.push(`build ${(o.services ?? []).join(',')}`);
      return Promise.resolve();
    },
    push: (_p: unknown, o: { services?: string[] }) => {
      calls.push(`push ${(o.services ?? []).join(',')}`);
      return Promise.resolve();
    },
  } as unknown as Compose;
}

async function project(yaml: string) {
  writeFileSync(join(dir, 'compose.yaml'), yaml);
  return loadProject({ cwd: dir, projectName: 'shop', environment: {} });
}

const yaml = `services:
  web:
    build: .
    image: 127.0.0.1:5050/shop/web:1
  worker:
    build: ./worker
  db:
    image: postgres:16
`;

test('--build without --push builds the selected services with build: and deploys their tags', async () => {
  const calls: string[] = [];
  const p = await project(yaml);
  assert.deepEqual(await buildForCluster(fakeCompose(calls), p, [], false), {
    web: '127.0.0.1:5050/shop/web:1',
    worker: 'shop-worker',
  });
  assert.deepEqual(calls, ['build web,worker']);
  calls.length = 0;
  assert.deepEqual(await buildForCluster(fakeCompose(calls), p, ['db'], false), {});
  assert.deepEqual(calls, []);
});

test('--push refuses a built service without image:, before building anything', async () => {
  const calls: string[] = [];
  const p = await project(yaml);
  await assert.rejects(
    buildForCluster(fakeCompose(calls), p, [], true),
    (err: unknown) =>
      isComposeError(err, 'USAGE') &&
      /--push needs an image: naming the repository to push to for worker \(services\.worker\.image\)/.test(
        err.message,
      ),
  );
  assert.deepEqual(calls, []);
});
