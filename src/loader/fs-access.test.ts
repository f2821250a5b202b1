import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { readText, recordFsAccess, statPath, unchangedFs } from './fs-access.js';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-fs-access-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('the loader reaches the file system through fs-access.ts only', () => {
  // What a load read must all be recorded (cli/project-cache.ts relies on it): no other module
  // of the loader may use node:fs or node:os, nor read the environment or the current
  // directory except load-project.ts's defaults, which are part of the kept project's key.
  const loader = import.meta.dirname;
  const offenders: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'fs-access.ts') {
        const text = readFileSync(path, 'utf8');
        const rel = relative(loader, path);
        if (/from 'node:(fs|os)|require\(|process\.cwd|process\.env/.test(text)) {
          const allowed =
            rel === 'load-project.ts' &&
            !/from 'node:(fs|os)/.test(text) &&
            (text.match(/process\.(env|cwd)/g) ?? []).length === 2;
          if (!allowed) offenders.push(rel);
        }
      }
    }
  };
  walk(loader);
  assert.deepEqual(offenders, []);
});

test('recordFsAccess notes what was seen; unchangedFs tells when it differs', () => {
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, 'services: {}\n');
  const { value, accesses } = recordFsAccess(() => {
    const text = readText(file);
    let missing = true;
    try {
      statPath(join(dir, 'compose.override.yaml'));
      missing = false;
    } catch {
      // not there
    }
    return { text, missing };
  });
  assert.deepEqual(value, { text: 'services: {}\n', missing: true });
  assert.deepEqual(
    accesses.map((a) => [a.op, relative(dir, a.path), a.saw.slice(0, 8)]),
    [
      ['text', 'compose.yaml', '=service'],
      ['stat', 'compose.override.yaml', '!ENOENT '],
    ],
  );
  assert.ok(unchangedFs(accesses));
  writeFileSync(join(dir, 'compose.override.yaml'), 'services: {}\n');
  assert.ok(!unchangedFs(accesses));
  rmSync(join(dir, 'compose.override.yaml'));
  assert.ok(unchangedFs(accesses));
  writeFileSync(file, 'services: {web: {image: x}}\n');
  assert.ok(!unchangedFs(accesses));
  // Outside a recording nothing is noted; a nested recording is part of the outer one.
  const outer = recordFsAccess(() => recordFsAccess(() => readText(file)).accesses.length);
  assert.equal(outer.value, 1);
  assert.equal(outer.accesses.length, 1);
});
