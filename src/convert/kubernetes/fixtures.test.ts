// The realistic fixtures, converted to every format: output equals the golden files
// (FLOTILLA_UPDATE_GOLDEN=1 rewrites them), and every object passes layer 1: the Kubernetes
// OpenAPI schema (kubernetes-models) and flotilla's own rules.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ConversionResult, OutputFile } from '../../api/convert.js';
import {
  FIXTURES,
  convertFixture,
  fixtureNames,
  parseDocuments,
  readTree,
  schemaErrors,
  writeFiles,
} from './conversion.fixture.js';
import { ruleViolations } from './rules.js';

const update = process.env.FLOTILLA_UPDATE_GOLDEN === '1';

function compareTree(name: string, sub: string, files: readonly OutputFile[]): void {
  const dir = join(FIXTURES, name, 'golden', sub);
  if (update) writeFiles(dir, files);
  const golden = readTree(dir);
  const actual = [...files].sort((a, b) => (a.path < b.path ? -1 : 1));
  assert.deepEqual(
    actual.map((f) => f.path),
    golden.map((f) => f.path),
    `${name}: the ${sub} files differ from the golden ones (FLOTILLA_UPDATE_GOLDEN=1 rewrites them)`,
  );
  actual.forEach((f, i) => {
    assert.equal(
      f.content,
      golden[i].content,
      `${name}: ${sub}/${f.path} differs from its golden file`,
    );
  });
}

function compareFile(name: string, file: string, content: string): void {
  const path = join(FIXTURES, name, 'golden', file);
  if (update) {
    mkdirSync(join(FIXTURES, name, 'golden'), { recursive: true });
    writeFileSync(path, content);
  }
  assert.equal(content, readFileSync(path, 'utf8'), `${name}: golden/${file} differs`);
}

describe('kubernetes fixtures', () => {
  const names = fixtureNames();

  test('fixtures: at least twenty realistic projects', () => {
    assert.ok(names.length >= 20, `only ${names.length} fixtures`);
  });

  for (const name of names) {
    test(`fixture ${name} converts to manifests, kustomize and helm as the golden files`, async () => {
      const manifests = await convertFixture(name, 'manifests');
      compareFile(name, 'manifests.yaml', manifests.files[0].content);
      compareFile(name, 'report.json', `${JSON.stringify(manifests.report, null, 2)}\n`);
      const kustomize = await convertFixture(name, 'kustomize');
      compareTree(name, 'kustomize', kustomize.files);
      const helm = await convertFixture(name, 'helm');
      compareTree(name, 'helm', helm.files);
      // The three formats are made from the same objects.
      assert.deepEqual(kustomize.objects, manifests.objects);
      assert.deepEqual(helm.objects, manifests.objects);
    });

    test(`fixture ${name}: every object passes the schema and flotilla's rules (layer 1)`, async (t) => {
      const result: ConversionResult = await convertFixture(name, 'manifests');
      const objects = parseDocuments(result.files[0].content);
      assert.deepEqual(
        objects,
        JSON.parse(JSON.stringify(result.objects)),
        'the YAML reads back as the objects',
      );
      assert.ok(objects.length > 0);
      const errors: string[] = [];
      for (const o of objects) {
        for (const e of await schemaErrors(o)) errors.push(`${o.kind}/${o.metadata.name}: ${e}`);
      }
      assert.deepEqual(errors, []);
      assert.deepEqual(ruleViolations(objects, externalOf(result)), []);
      t.diagnostic(`${objects.length} objects valid`);
    });
  }
});

/**
 * The objects the report names as referred to but not made: external ones, and Secrets left out
 * of the output (their values are not written without includeSecrets).
 */
function externalOf(result: ConversionResult): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const e of result.report.resources) {
    if (
      e.outcome !== 'approximated' ||
      !/^(external|not written)/.test(e.reason) ||
      e.target === undefined
    )
      continue;
    const [kind, name] = e.target.split('/');
    (out[kind] ??= new Set()).add(name);
  }
  return out;
}
