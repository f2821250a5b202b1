import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEntries, planSync, syncArchive } from './watch-sync.js';

test('watch sync plans copies for existing paths and deletions for missing ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-sync-'));
  try {
    writeFileSync(join(dir, 'a.txt'), 'a');
    const plan = await planSync([
      { hostPath: join(dir, 'a.txt'), containerPath: '/app/a.txt' },
      { hostPath: join(dir, 'gone.txt'), containerPath: '/app/gone.txt' },
      { hostPath: join(dir, 'gone.txt'), containerPath: '/app/gone.txt' },
      { hostPath: join(dir, 'a.txt'), containerPath: undefined },
    ]);
    assert.deepEqual(plan.copy, [{ hostPath: join(dir, 'a.txt'), containerPath: '/app/a.txt' }]);
    assert.deepEqual(plan.remove, ['/app/gone.txt']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('watch sync archives files and directories under their container paths with modes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-sync-'));
  try {
    mkdirSync(join(dir, 'd/e'), { recursive: true });
    writeFileSync(join(dir, 'd/e/run.sh'), 'echo hi\n');
    chmodSync(join(dir, 'd/e/run.sh'), 0o755);
    const entries = await collectEntries([{ hostPath: join(dir, 'd'), containerPath: '/srv/d' }]);
    assert.deepEqual(
      entries.map((e) => [e.name, e.type, e.type === 'file' ? e.mode : undefined]),
      [
        ['srv/d', 'directory', undefined],
        ['srv/d/e', 'directory', undefined],
        ['srv/d/e/run.sh', 'file', 0o755],
      ],
    );
    const tar = syncArchive(entries);
    // Three headers, one content block, two end blocks.
    assert.equal(tar.length, 512 * 6);
    assert.equal(tar.subarray(512 * 2, 512 * 2 + 14).toString(), 'srv/d/e/run.sh');
    assert.equal(tar.subarray(512 * 3, 512 * 3 + 8).toString(), 'echo hi\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
