import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import type { GlobalFlags } from './global-flags.js';
import { guessProjectName } from './project.js';

const flags = (g: Partial<GlobalFlags>): GlobalFlags => ({ file: [], profile: [], ...g });

test('guessProjectName: -p, then COMPOSE_PROJECT_NAME, then the directory, normalised', () => {
  assert.equal(
    guessProjectName(flags({ projectName: 'shop' }), { COMPOSE_PROJECT_NAME: 'x' }),
    'shop',
  );
  assert.equal(guessProjectName(flags({}), { COMPOSE_PROJECT_NAME: 'from-env' }), 'from-env');
  assert.equal(guessProjectName(flags({ file: ['/srv/My App.v2/compose.yaml'] }), {}), 'myappv2');
  assert.equal(
    guessProjectName(
      flags({ file: ['/srv/a/compose.yaml'], projectDirectory: '/srv/Other_Dir' }),
      {},
    ),
    'other_dir',
  );
  // Standard input or no file: the working directory.
  const cwd = basename(process.cwd())
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '');
  assert.equal(guessProjectName(flags({ file: ['-'] }), {}), cwd);
  assert.equal(guessProjectName(flags({}), {}), cwd);
});
