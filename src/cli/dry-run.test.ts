import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from './program.js';

test('dry run refuses commands that would change the engine, before any engine call', async (t) => {
  const written: string[] = [];
  t.mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  // DOCKER_HOST points nowhere: reaching the engine would fail with another message.
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
  try {
    const code = await runCli(['--dry-run', '-p', 'dryrunproject', 'stop']);
    assert.equal(code, 1);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
  assert.equal(
    written.join(''),
    '--dry-run is not supported by `stop` yet: nothing was changed; run it without --dry-run\n',
  );
});

test('dry run names a nested command with its group when refusing it', async (t) => {
  const written: string[] = [];
  t.mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
  try {
    const code = await runCli(['--dry-run', 'stack', 'rm', 'dryrunstack']);
    assert.equal(code, 1);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
  assert.equal(
    written.join(''),
    '--dry-run is not supported by `stack rm` yet: nothing was changed; run it without --dry-run\n',
  );
});
