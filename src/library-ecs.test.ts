// The library surface of issue 14: estimateCost with a typed result, and the ECS conversion,
// through src/index.ts as a program importing flotilla sees them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  convert,
  convertEcs,
  estimateCost,
  formatCost,
  loadProject,
  priceRegions,
  type CostEstimate,
  type CostItem,
} from './index.js';

const FLASK_REDIS = join(import.meta.dirname, 'convert', 'kubernetes', 'testdata', 'flask-redis');

test('library: estimateCost, convert --to ecs and convertEcs from the public surface', async () => {
  const project = await loadProject({ cwd: FLASK_REDIS, environment: {} });
  const estimate: CostEstimate = estimateCost(project, { region: 'ap-northeast-2', arch: 'arm64' });
  const vcpu: CostItem = estimate.items[0];
  assert.equal(vcpu.priceKey, 'fargate.arm64.vcpu');
  assert.equal(vcpu.unitPrice, 0.03725);
  assert.equal(estimate.regionName, 'Asia Pacific (Seoul)');
  assert.match(formatCost(estimate), /TOTAL/);
  assert.deepEqual(priceRegions(), ['ap-northeast-2', 'us-east-1']);
  const viaConvert = convert(project, { to: 'ecs' });
  const direct = convertEcs(project, { to: 'ecs' });
  assert.deepEqual(viaConvert.template, direct.template);
  assert.equal(viaConvert.report.target, 'ecs');
  assert.equal(viaConvert.report.format, 'cloudformation');
});
