// The estimate of the tutorial's Flask + Redis project, item by item, against hand computations
// from the price file's figures (us-east-1 and ap-northeast-2, x86_64 and arm64).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CostEstimate, CostItem } from '../api/cost.js';
import { loadProject } from '../loader/load-project.js';
import { formatCost } from './cost-table.js';
import { estimateCost } from './estimate-cost.js';
import { AWS_PRICES, regions } from './prices.js';

const here = dirname(fileURLToPath(import.meta.url));
const FLASK_REDIS = join(here, '..', 'convert', 'kubernetes', 'testdata', 'flask-redis');

/** The figures of issue 14, typed in by hand (not read from the price file). */
const FIGURES = {
  'us-east-1': {
    x86_64: { vcpu: 0.04048, gb: 0.004445 },
    arm64: { vcpu: 0.03238, gb: 0.00356 },
    efs: 0.3,
    ebs: 0.08,
  },
  'ap-northeast-2': {
    x86_64: { vcpu: 0.04656, gb: 0.00511 },
    arm64: { vcpu: 0.03725, gb: 0.00409 },
    efs: 0.33,
    ebs: 0.0912,
  },
} as const;

function item(e: CostEstimate, service: string | undefined, name: string): CostItem {
  const found = e.items.find((i) => i.service === service && i.item.startsWith(name));
  assert.ok(found, `no item ${service ?? '-'} ${name}`);
  return found;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);
}

describe('estimateCost on the Flask + Redis project', async () => {
  const project = await loadProject({ cwd: FLASK_REDIS, environment: {} });

  for (const region of ['us-east-1', 'ap-northeast-2'] as const) {
    for (const arch of ['x86_64', 'arm64'] as const) {
      test(`estimateCost ${region} ${arch}: each line item is the hand computation`, () => {
        const e = estimateCost(project, { region, arch });
        const f = FIGURES[region];
        const p = AWS_PRICES.regions[region].prices;
        assert.equal(e.hours, 730);
        assert.equal(e.pricesRead, '2026-12');
        // Neither service sets CPU or memory: ECS's 0.25 vCPU / 0.5 GB, one task, 730 h.
        for (const s of ['web', 'redis']) {
          close(item(e, s, 'Fargate vCPU').cost, 0.25 * 730 * f[arch].vcpu, `${s} vCPU`);
          close(item(e, s, 'Fargate memory').cost, 0.5 * 730 * f[arch].gb, `${s} memory`);
          assert.equal(item(e, s, 'Fargate vCPU').quantity, 182.5);
          assert.equal(item(e, s, 'Fargate memory').quantity, 365);
          close(item(e, s, 'Public IPv4').cost, 730 * 0.005, `${s} task address`);
          close(
            item(e, s, 'CloudWatch Logs ingestion').cost,
            1 * p['logs.ingestion'].price,
            'logs',
          );
          close(item(e, s, 'CloudWatch Logs storage').cost, 1 * p['logs.storage'].price, 'logs');
          assert.ok(e.assumptions.some((a) => a.startsWith(`${s}: no CPU or memory set`)));
        }
        assert.equal(
          e.items.filter((i) => i.item.startsWith('Ephemeral')).length,
          0,
          'the free 20 GB are not billed',
        );
        // redis_data on EFS, 1 GB assumed.
        close(item(e, undefined, 'EFS Standard (volume redis_data)').cost, f.efs, 'EFS');
        // web publishes 5001: one ALB, its hours, 1 LCU, two public addresses.
        close(item(e, undefined, 'Application Load Balancer').cost, 730 * 0.0225, 'ALB');
        close(item(e, undefined, 'Load balancer capacity units').cost, 730 * 0.008, 'LCU');
        close(
          item(e, undefined, 'Public IPv4 addresses (load balancer)').cost,
          2 * 730 * 0.005,
          'ALB IPv4',
        );
        close(item(e, undefined, 'Cloud Map namespace').cost, p['route53.zone'].price, 'zone');
        const total =
          2 * (0.25 * 730 * f[arch].vcpu + 0.5 * 730 * f[arch].gb + 730 * 0.005) +
          2 * (p['logs.ingestion'].price + p['logs.storage'].price) +
          f.efs +
          730 * 0.0225 +
          730 * 0.008 +
          2 * 730 * 0.005 +
          p['route53.zone'].price;
        close(e.total, total, 'total');
        assert.equal(e.items.length, 2 * 5 + 5);
      });
    }
  }

  test('estimateCost x86_64 us-east-1: the Fargate part is $7.39 + $1.62 per service', () => {
    const e = estimateCost(project, {});
    assert.equal(item(e, 'web', 'Fargate vCPU').cost.toFixed(2), '7.39');
    assert.equal(item(e, 'web', 'Fargate memory').cost.toFixed(2), '1.62');
  });

  test('estimateCost --hours scales every hourly and monthly item', () => {
    const month = estimateCost(project, {});
    const day = estimateCost(project, { hours: 24 });
    close(day.total, (month.total * 24) / 730, 'a day is 24/730 of a month');
  });

  test('estimateCost --ebs prices the volume as gp3 instead of EFS', () => {
    const e = estimateCost(project, { region: 'ap-northeast-2', ebsVolumes: ['redis_data'] });
    close(item(e, undefined, 'EBS gp3 (volume redis_data)').cost, 20 * 0.0912, 'EBS');
    assert.equal(e.items.filter((i) => i.item.startsWith('EFS')).length, 0);
  });

  test('estimateCost names the known regions for an unknown one', () => {
    assert.throws(
      () => estimateCost(project, { region: 'mars-1' }),
      /mars-1.*known regions: ap-northeast-2, us-east-1/,
    );
    assert.deepEqual(regions(), ['ap-northeast-2', 'us-east-1']);
  });

  test('formatCost prints the items, the date, the corrections and what costs after down', () => {
    const text = formatCost(estimateCost(project, { region: 'ap-northeast-2', arch: 'arm64' }));
    assert.match(text, /prices read 2026-12/);
    assert.match(text, /web\s+Fargate vCPU \(arm64\)\s+182\.5 vCPU-hour\s+\$0\.03725\s+\$6\.80/);
    assert.match(text, /Fargate has no free tier/);
    assert.match(text, /were EFS file systems, not EBS/);
    assert.match(text, /Still billed after down:\n {2}- Volumes/);
    assert.match(text, /TOTAL\s+\$\d+\.\d\d\n/);
  });
});
