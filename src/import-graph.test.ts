// The modules of src/ import each other without cycles, so that each can be read (and loaded)
// after the ones it builds on. Every import counts: static, dynamic (`import()`) and type-only.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { findCycle } from './model/graph.js';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** For each file, the files of `root` it imports (relative specifiers, `.js` read as `.ts`). */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(root).sort()) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(root, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
    graph.set(relative(root, file), [...new Set(targets)].sort());
  }
  return graph;
}

test('import graph reads static, dynamic and type-only imports', () => {
  const graph = importGraph(SRC);
  assert.ok(graph.get('compose/compose.ts')?.includes('compose/up.ts'), 'dynamic import');
  assert.ok(graph.get('compose/up.ts')?.includes('api/compose.ts'), 'type-only import');
  assert.ok(graph.get('index.ts')?.includes('api/errors.ts'), 'export ... from');
});

test('import graph of src has no cycle', () => {
  const cycle = findCycle(importGraph(SRC));
  assert.equal(cycle?.join(' -> '), undefined, 'modules import each other in a circle');
});
