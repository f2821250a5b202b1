import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import { createBuildContext, listBuildContext } from './build-context.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'flotilla-ctx-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

async function tarList(tar: Readable, verbose = false): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of tar) chunks.push(c as Buffer);
  return execFileSync('tar', [verbose ? '-tvf' : '-tf', '-'], {
    input: Buffer.concat(chunks),
    encoding: 'utf8',
  });
}

test('build-context honours .dockerignore and keeps Dockerfile and .dockerignore', async () => {
  const root = tree({
    Dockerfile: 'FROM busybox\n',
    '.dockerignore': 'Dockerfile\n.dockerignore\nsecret.txt\nnode_modules\n*.log\n!keep.log\n',
    'secret.txt': 's',
    'app/main.js': 'm',
    'node_modules/x/index.js': 'x',
    'a.log': 'a',
    'keep.log': 'k',
  });
  try {
    const ctx = await createBuildContext({ context: root });
    assert.equal(ctx.dockerfile, 'Dockerfile');
    assert.equal(ctx.ignoreFile, join(root, '.dockerignore'));
    const names = (await tarList(ctx.tar)).trim().split('\n').sort();
    assert.deepEqual(names, ['.dockerignore', 'Dockerfile', 'app/', 'app/main.js', 'keep.log']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('build-context keeps modes and symlinks without following them', async () => {
  const root = tree({ Dockerfile: 'FROM busybox\n', 'bin/run.sh': '#!/bin/sh\n' });
  chmodSync(join(root, 'bin/run.sh'), 0o750);
  symlinkSync('bin/run.sh', join(root, 'run'));
  symlinkSync('/etc/passwd', join(root, 'outside'));
  try {
    const listing = await tarList((await createBuildContext({ context: root })).tar, true);
    assert.match(listing, /-rwxr-x--- 0\/0 .* bin\/run\.sh/);
    assert.match(listing, /run -> bin\/run\.sh/);
    assert.match(listing, /outside -> \/etc\/passwd/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('build-context sends a Dockerfile outside the context under a generated name', async () => {
  const outer = tree({
    'build/Dockerfile.prod': 'FROM busybox\nCOPY . /app\n',
    'build/Dockerfile.prod.dockerignore': 'b.txt\n',
    'ctx/a.txt': 'a',
    'ctx/b.txt': 'b',
    'ctx/.dockerignore': 'a.txt\n',
  });
  try {
    const ctx = await createBuildContext({
      context: join(outer, 'ctx'),
      dockerfile: join(outer, 'build/Dockerfile.prod'),
    });
    assert.match(ctx.dockerfile, /^\.dockerfile\.[0-9a-f]{20}$/);
    assert.equal(ctx.ignoreFile, join(outer, 'build/Dockerfile.prod.dockerignore'));
    const names = (await tarList(ctx.tar)).trim().split('\n').sort();
    assert.deepEqual(names, ['.dockerignore', ctx.dockerfile, 'a.txt'].sort());
  } finally {
    rmSync(outer, { recursive: true, force: true });
  }
});

test('build-context prefers <Dockerfile>.dockerignore next to a Dockerfile in the context', async () => {
  const root = tree({
    'docker/app.Dockerfile': 'FROM busybox\n',
    'docker/app.Dockerfile.dockerignore': 'only-this\n',
    '.dockerignore': 'x.txt\n',
    'x.txt': 'x',
    'only-this': 'o',
  });
  try {
    const ctx = await createBuildContext({ context: root, dockerfile: 'docker/app.Dockerfile' });
    assert.equal(ctx.dockerfile, 'docker/app.Dockerfile');
    assert.deepEqual(ctx.ignorePatterns, ['only-this']);
    const names = (await tarList(ctx.tar)).trim().split('\n');
    assert.ok(names.includes('x.txt'));
    assert.ok(!names.includes('only-this'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('build-context inline Dockerfile and listing', async () => {
  const root = tree({ 'a/b.txt': 'b', 'c.txt': 'c' });
  try {
    const ctx = await createBuildContext({ context: root, dockerfileInline: 'FROM busybox\n' });
    const names = (await tarList(ctx.tar)).trim().split('\n');
    assert.ok(names.includes(ctx.dockerfile));
    assert.deepEqual(await listBuildContext(root, ['a']), ['c.txt']);
    assert.deepEqual(await listBuildContext(root, ['a', '!a/b.txt']), ['a/b.txt', 'c.txt']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('build-context fails clearly for a missing context or Dockerfile', async () => {
  await assert.rejects(createBuildContext({ context: '/nonexistent/ctx' }), {
    message: 'build context /nonexistent/ctx does not exist',
  });
  const root = tree({ 'a.txt': 'a' });
  try {
    await assert.rejects(
      createBuildContext({ context: root, dockerfile: '/nonexistent/Dockerfile' }),
      { message: 'Dockerfile /nonexistent/Dockerfile does not exist' },
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
