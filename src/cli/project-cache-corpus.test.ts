// Every project of the loader conformance corpus (../shared/conformance, or
// $FLOTILLA_CONFORMANCE_DIR, which the conformance step also needs) loads the same from the
// kept copy as afresh: the exact JSON carries each one, and what each load read is seen again.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import type { LoadOptions, LoadWarning } from '../api/load-options.js';
import { loadProjectSync } from '../loader/load-project.js';
import type { Project } from '../model/project.js';
import { loadProjectKept } from './project-cache.js';

const corpus =
  process.env.FLOTILLA_CONFORMANCE_DIR ??
  resolve(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');
const cache = mkdtempSync(join(tmpdir(), 'flotilla-kept-corpus-'));
after(() => {
  rmSync(cache, { recursive: true, force: true });
});

interface CaseSpec {
  files?: string[];
  projectName?: string;
  profiles?: string[];
  envFiles?: string[];
  workingDir?: string;
  allResources?: boolean;
  services?: string[];
  env?: Record<string, string>;
}

test('every corpus project is kept, and read back equal to a fresh load', () => {
  const casesDir = join(corpus, 'cases');
  assert.ok(existsSync(casesDir), `the conformance corpus is needed: ${casesDir}`);
  let loaded = 0;
  const notKept: string[] = [];
  for (const name of readdirSync(casesDir).sort()) {
    const dir = join(casesDir, name);
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseSpec;
    const options = (warnings: string[]): LoadOptions => ({
      cwd: dir,
      environment: { HOME: join(dir, '.home-not-used'), ...spec.env },
      files: spec.files?.length ? spec.files : undefined,
      projectName: spec.projectName || undefined,
      profiles: spec.profiles?.length ? spec.profiles : undefined,
      envFiles: spec.envFiles,
      projectDirectory: spec.workingDir,
      allResources: spec.allResources,
      services: spec.services,
      onWarning: (w: LoadWarning) => warnings.push(JSON.stringify(w)),
    });
    const freshWarnings: string[] = [];
    let fresh: Project;
    try {
      fresh = loadProjectSync(options(freshWarnings));
    } catch {
      continue; // an error case: nothing is kept
    }
    loaded++;
    const where = { build: 'corpus', dir: join(cache, name), writeAt: 'now' } as const;
    const first = loadProjectKept(options([]), loadProjectSync, where);
    assert.equal(first.kept, false, name);
    const keptWarnings: string[] = [];
    const second = loadProjectKept(options(keptWarnings), loadProjectSync, where);
    if (!second.kept) {
      notKept.push(name);
      continue;
    }
    assert.deepStrictEqual(second.project, fresh, name);
    assert.deepEqual(keptWarnings, freshWarnings, name);
  }
  assert.ok(loaded > 250, `only ${String(loaded)} corpus projects loaded`);
  assert.deepEqual(notKept, []);
});
