// The tutorial's two projects and five realistic ones converted to CloudFormation: output equals
// the golden files (FLOTILLA_UPDATE_GOLDEN=1 rewrites them), the YAML reads back as the
// template, and the template passes the resource specification and flotilla's rules.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { CloudFormationTemplate } from '../../api/convert.js';
import { ECS_FIXTURES, GOLDEN, convertEcsFixture, loadEcsFixture } from './ecs.fixture.js';
import { planEcs } from './plan.js';
import { CFN_SPEC } from './generated/cfn-spec.js';
import { logicalId } from './names.js';
import { ruleViolations } from './rules.js';
import { specErrors } from './spec-check.js';

const update = process.env.FLOTILLA_UPDATE_GOLDEN === '1';

function compare(name: string, file: string, content: string): void {
  const path = join(GOLDEN, name, file);
  if (update) {
    mkdirSync(join(GOLDEN, name), { recursive: true });
    writeFileSync(path, content);
  }
  assert.equal(
    content,
    readFileSync(path, 'utf8'),
    `${name}: ${file} differs from its golden file`,
  );
}

describe('ecs fixtures', () => {
  for (const name of ECS_FIXTURES) {
    test(`fixture ${name} converts to the golden template and report`, async () => {
      const result = await convertEcsFixture(name);
      assert.equal(result.files.length, 1);
      assert.equal(result.files[0].path, 'template.yaml');
      compare(name, 'template.yaml', result.files[0].content);
      compare(name, 'report.json', `${JSON.stringify(result.report, null, 2)}\n`);
    });

    test(`fixture ${name}: the template passes the specification and flotilla's rules`, async (t) => {
      const result = await convertEcsFixture(name);
      const template = parse(result.files[0].content) as CloudFormationTemplate;
      assert.deepEqual(
        template,
        JSON.parse(JSON.stringify(result.template)),
        'the YAML reads back as the template',
      );
      assert.deepEqual(specErrors(template), []);
      // The facts come from the compose project, not from the template.
      const { project } = await loadEcsFixture(name);
      const plan = planEcs(project);
      const facts = {
        published: plan.services.flatMap((s) => s.ports.filter((p) => p.protocol === 'tcp')),
        secretParameters: new Set(plan.secrets.map((s) => `${logicalId(s)}SecretArn`)),
        loadBalancerGroup: 'LoadBalancerSecurityGroup',
      };
      assert.deepEqual(ruleViolations(template, facts), []);
      const types = new Set(Object.values(template.Resources).map((r) => r.Type));
      t.diagnostic(
        `${Object.keys(template.Resources).length} resources of ${types.size} types valid against ${CFN_SPEC.source}`,
      );
      assert.ok(types.has('AWS::ECS::Service') && types.has('AWS::ECS::TaskDefinition'));
      for (const s of result.report.services) {
        assert.ok(Object.hasOwn(template.Resources, `${logicalId(s.service)}Service`), s.service);
      }
    });
  }
});
