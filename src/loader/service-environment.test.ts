import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isComposeError } from '../api/errors.js';
import { decodeProject } from '../model/decode.js';
import { resolveEnvFiles } from './service-environment.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-env-'));
writeFileSync(join(dir, 'a.env'), 'A=1\nSHARED=a\nREF=${FROM_ENV}-x\n');
writeFileSync(join(dir, 'b.env'), 'SHARED=b\n');

test('resolveEnvFiles reads env files in order; environment entries win', () => {
  const project = decodeProject(
    {
      services: {
        web: {
          image: 'x',
          environment: { SHARED: 'service' },
          env_file: [
            { path: join(dir, 'a.env'), required: true },
            { path: join(dir, 'b.env'), required: true },
            { path: join(dir, 'missing.env'), required: false },
          ],
        },
      },
    },
    { environment: { FROM_ENV: 'process' } },
  );
  const kept = resolveEnvFiles(project, { discardEnvFiles: false }).services.web;
  assert.deepEqual(kept.environment, { A: '1', SHARED: 'service', REF: 'process-x' });
  assert.equal(kept.envFiles?.length, 3);
  const discarded = resolveEnvFiles(project, { discardEnvFiles: true }).services.web;
  assert.equal(discarded.envFiles, undefined);
});

test('resolveEnvFiles fails on a missing required file', () => {
  const project = decodeProject({
    services: { web: { image: 'x', env_file: [{ path: join(dir, 'nope.env'), required: true }] } },
  });
  assert.throws(
    () => resolveEnvFiles(project, { discardEnvFiles: true }),
    (err: unknown) => isComposeError(err, 'ENV_FILE') && err.message.includes('nope.env not found'),
  );
});

test('resolveEnvFiles leaves services without environment alone', () => {
  const project = decodeProject({ services: { web: { image: 'x' } } });
  assert.equal(
    resolveEnvFiles(project, { discardEnvFiles: true }).services.web.environment,
    undefined,
  );
});
