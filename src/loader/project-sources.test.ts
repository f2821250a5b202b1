import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProjectWithSources } from './project-sources.js';

test('loadProjectWithSources locates fields in the file that sets them last', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-sources-'));
  try {
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n',
    );
    writeFileSync(join(dir, 'compose.override.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
    const { project, locate } = await loadProjectWithSources({ cwd: dir, environment: {} });
    assert.equal(project.services.web.image, 'nginx:1.27');
    assert.deepEqual(locate('services.web.image'), {
      file: 'compose.override.yaml',
      line: 3,
      column: 5,
    });
    assert.deepEqual(locate('services.web.ports[0]'), { file: 'compose.yaml', line: 5, column: 9 });
    assert.equal(locate('services.web.user'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loadProjectWithSources locates an inherited field under the base service of extends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-sources-'));
  try {
    writeFileSync(join(dir, 'base.yaml'), 'services:\n  base:\n    image: app\n    user: "1000"\n');
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    extends:\n      file: base.yaml\n      service: base\n    command: run\n',
    );
    const { project, locate } = await loadProjectWithSources({ cwd: dir, environment: {} });
    assert.equal(project.services.web.user, '1000');
    assert.deepEqual(locate('services.web.user'), { file: 'base.yaml', line: 4, column: 5 });
    assert.deepEqual(locate('services.web.command'), { file: 'compose.yaml', line: 6, column: 5 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
