// `flotilla convert --to ecs` and `flotilla cost` through the built CLI: the template written
// (owner-only, no secret value in it or in the report), the report and then the estimate on
// stderr, a bad region failing before anything is written, and the estimate as a table and as
// JSON for both regions of the price file. Nothing is deployed: no AWS account is used.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { ensureBuilt, runFlotilla } from './support/cli.js';

const project = join(import.meta.dirname, 'testdata/cli-ecs-cost');
const work = mkdtempSync(join(tmpdir(), 'flotilla-ecs-cli-'));
const base = ['-f', join(project, 'compose.yaml')];

before(() => {
  ensureBuilt();
});
after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('convert --to ecs writes the template, then prints the report and the estimate', async () => {
  const out = join(work, 'stack.yaml');
  const report = join(work, 'report.json');
  const r = await runFlotilla([...base, 'convert', '--to', 'ecs', '-o', out, '--report', report]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  const text = readFileSync(out, 'utf8');
  const template = parse(text) as { Resources: Record<string, { Type: string }> };
  assert.equal(template.Resources.WebService.Type, 'AWS::ECS::Service');
  assert.equal(template.Resources.RedisDataAccessPoint.Type, 'AWS::EFS::AccessPoint');
  assert.match(text, /Ref: ApiKeySecretArn/);
  assert.match(
    r.stderr,
    /^web: AWS::ECS::Service\/WebService \(1 Fargate task of 0\.25 vCPU \/ 0\.5 GB\)$/m,
  );
  const estimate = r.stderr.indexOf('Estimated cost on AWS us-east-1');
  assert.ok(estimate > r.stderr.indexOf('mapped, '), 'the estimate follows the report');
  assert.match(r.stderr, /Fargate has no free tier/);
  for (const t of [text, r.stderr, readFileSync(report, 'utf8')]) {
    assert.equal(t.includes('ecs-secret-value'), false);
  }
});

test('convert --to ecs with an unknown region fails before writing anything', async () => {
  const out = join(work, 'never.yaml');
  const r = await runFlotilla([...base, 'convert', '--to', 'ecs', '-o', out, '--region', 'mars-1']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /--region "mars-1": no prices .* known regions: ap-northeast-2, us-east-1/,
  );
  assert.equal(existsSync(out), false);
});

test('cost prints the estimate for both regions and both architectures', async () => {
  const totals: Record<string, string> = {};
  for (const region of ['us-east-1', 'ap-northeast-2']) {
    for (const arch of ['x86_64', 'arm64']) {
      const r = await runFlotilla([...base, 'cost', '--region', region, '--arch', arch]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        new RegExp(`^Estimated cost on AWS ${region} .*, ${arch}, 730 h; prices read 2026-12`),
      );
      assert.match(r.stdout, /were EFS file systems, not EBS/);
      assert.match(r.stdout, /Still billed after down:/);
      totals[`${region} ${arch}`] = /TOTAL\s+(\$\S+)/.exec(r.stdout)![1];
    }
  }
  assert.equal(new Set(Object.values(totals)).size, 4, JSON.stringify(totals));
  const json = await runFlotilla([...base, 'cost', '--format', 'json', '--hours', '24']);
  assert.equal(json.code, 0, json.stderr);
  const e = JSON.parse(json.stdout) as { hours: number; items: { cost: number }[]; total: number };
  assert.equal(e.hours, 24);
  const sum = e.items.reduce((s, i) => s + i.cost, 0);
  assert.ok(Math.abs(sum - e.total) < 1e-6);
  const bad = await runFlotilla([...base, 'cost', '--arch', 'sparc']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--arch "sparc": use x86_64 or arm64/);
});
