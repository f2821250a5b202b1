import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Plan } from '../api/plan.js';
import { formatPlanJson, formatPlanText, parsePlanFormat, planFormatFor } from './plan-format.js';

const plan: Plan = {
  schemaVersion: 1,
  project: 'p',
  command: 'up',
  steps: [
    { kind: 'network', name: 'p_default', action: 'keep', reasons: [] },
    {
      kind: 'container',
      name: 'p-db-1',
      service: 'db',
      action: 'recreate',
      state: 'running',
      start: true,
      hashRules: 'compose 2.26.0-2.28.1',
      reasons: [
        {
          field: 'environment.REDIS_HOST',
          redacted: true,
          text: 'environment.REDIS_HOST: changed (values redacted)',
        },
      ],
    },
    {
      kind: 'container',
      name: 'p-web-1',
      service: 'web',
      action: 'recreate',
      start: true,
      hashRules: 'current',
      reasons: [{ field: 'depends_on.db', text: 'depends on "db", which is recreated' }],
    },
  ],
  warnings: [],
};

test('plan-format text lists each resource, its reasons and the hash rule sets used', () => {
  assert.equal(
    formatPlanText(plan),
    [
      'Plan of `up` for project "p":',
      '  Network p_default  keep',
      '  Container p-db-1   recreate, then start (config hash judged by the rules of compose 2.26.0-2.28.1)',
      '      environment.REDIS_HOST: changed (values redacted)',
      '  Container p-web-1  recreate, then start',
      '      depends on "db", which is recreated',
      'Summary: 1 keep, 2 recreate. Config hashes compared under the rules of: compose 2.26.0-2.28.1, current docker compose. Environment values are never shown.',
      '',
    ].join('\n'),
  );
});

test('plan-format json is the plan itself', () => {
  assert.deepEqual(JSON.parse(formatPlanJson(plan)), plan);
});

test('plan-format --format is text or json, and only with a plan', () => {
  assert.equal(parsePlanFormat(undefined), 'text');
  assert.equal(parsePlanFormat('json'), 'json');
  assert.throws(() => parsePlanFormat('yaml'), /invalid value for --format: "yaml"/);
  assert.throws(() => planFormatFor('json', false, 'up'), /use it with --dry-run or --explain/);
  assert.equal(planFormatFor('json', true, 'down'), 'json');
});
