// Validation layer 2: the real kubectl and helm (from scripts/setup/kube-tools.sh) on every
// fixture's Kustomize tree and Helm chart. `helm lint --strict` passes, `helm template`
// renders the same objects as the manifests, and `kubectl kustomize` renders the base as the
// first compose file's objects and each overlay as the objects of the files up to its own.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  canonicalObjects,
  convertFixture,
  fixtureNames,
  kubeTools,
  parseDocuments,
  stageObjects,
  writeFiles,
} from './conversion.fixture.js';

function run(cmd: string, args: readonly string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr ?? ''}${e.stdout ?? ''}`, {
      cause: err,
    });
  }
}

function sameObjects(
  rendered: string,
  expected: Parameters<typeof canonicalObjects>[0],
  what: string,
): void {
  const got = canonicalObjects(parseDocuments(rendered));
  const want = canonicalObjects(expected);
  assert.deepEqual(
    [...got.keys()].sort(),
    [...want.keys()].sort(),
    `${what}: not the same objects`,
  );
  for (const [k, v] of want) assert.equal(got.get(k), v, `${what}: ${k} differs`);
}

describe('kubernetes fixtures, layer 2 (kubectl, helm)', () => {
  let tools: { kubectl: string; helm: string };
  let work: string;
  before(() => {
    tools = kubeTools();
    work = mkdtempSync(join(tmpdir(), 'flotilla-layer2-'));
  });
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  for (const name of fixtureNames()) {
    test(`fixture ${name}: helm lint passes and helm template renders the manifests' objects`, async () => {
      const chart = await convertFixture(name, 'helm');
      const dir = join(work, name, 'helm');
      writeFiles(dir, chart.files);
      run(tools.helm, ['lint', '--strict', dir]);
      const rendered = run(tools.helm, ['template', 'release', dir]);
      sameObjects(rendered, chart.objects, `${name}: helm template`);
    });

    test(`fixture ${name}: kubectl kustomize renders the base and every overlay as their compose files`, async () => {
      const tree = await convertFixture(name, 'kustomize');
      const dir = join(work, name, 'kustomize');
      writeFiles(dir, tree.files);
      const stages = await stageObjects(name);
      sameObjects(run(tools.kubectl, ['kustomize', join(dir, 'base')]), stages[0], `${name}: base`);
      const overlays = tree.files
        .filter((f) => /^overlays\/[^/]+\/kustomization\.yaml$/.test(f.path))
        .map((f) => f.path.split('/')[1]);
      assert.equal(overlays.length, stages.length - 1, 'one overlay per override file');
      overlays.forEach((o, i) => {
        sameObjects(
          run(tools.kubectl, ['kustomize', join(dir, 'overlays', o)]),
          stages[i + 1],
          `${name}: overlay ${o}`,
        );
      });
      if (overlays.length > 0) {
        assert.ok(readdirSync(join(dir, 'overlays')).length === overlays.length);
      }
    });
  }
});
