// `wait --down-project` through the built CLI: the first container to stop ends the wait with
// its exit status, and the whole project is taken down while the other service still runs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { engineScope } from './support/engine.js';
import { ensureBuilt } from './support/cli.js';

const scope = engineScope('cliwait');
const { engine } = scope;
const project = scope.prefix;
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/flotilla.js');
const composeFile = join(import.meta.dirname, 'testdata/cli-wait/compose.yaml');
const env = { ...process.env, COMPOSE_PROGRESS: 'plain' };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--', bin, '-p', project, '-f', composeFile, ...args],
      { env },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    ).stdin?.end();
  });
}

before(() => {
  ensureBuilt();
});

after(async () => {
  await cli(['down', '-t', '0']);
  await scope.cleanup();
});

test('wait --down-project ends with the first exit status and takes the project down', async () => {
  const up = await cli(['up', '-d']);
  assert.equal(up.code, 0, up.stderr);
  const waited = await cli(['wait', '--down-project', 'quick', 'long']);
  assert.equal(waited.code, 3, waited.stderr);
  assert.match(waited.stdout, /container "[0-9a-f]{64}" exited with status code 3/);
  const left = await engine.containers.list({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  });
  assert.deepEqual(
    left.map((c) => c.Names),
    [],
    'the long-running service is gone too',
  );
});
