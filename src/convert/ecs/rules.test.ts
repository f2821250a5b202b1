// The template checks fail where they should: each broken template names what is wrong.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudFormationTemplate } from '../../api/convert.js';
import { convertEcsFixture } from './ecs.fixture.js';
import { ruleViolations, type RuleFacts } from './rules.js';
import { specErrors } from './spec-check.js';

async function flaskRedis(): Promise<CloudFormationTemplate> {
  const result = await convertEcsFixture('flask-redis');
  return structuredClone(result.template!);
}

const FACTS: RuleFacts = {
  published: [{ published: 5001, target: 5000 }],
  secretParameters: new Set(),
  loadBalancerGroup: 'LoadBalancerSecurityGroup',
};

type Mutable = Record<string, Record<string, unknown>>;

function props(t: CloudFormationTemplate, id: string): Record<string, unknown> {
  return (t.Resources as unknown as Mutable)[id].Properties as Record<string, unknown>;
}

describe('ecs template checks', () => {
  test('specErrors: an unknown property, a missing required one, a wrong type, a value not allowed', async () => {
    const t = await flaskRedis();
    props(t, 'Cluster').Colour = 'blue';
    delete props(t, 'WebTaskDefinition').ContainerDefinitions;
    props(t, 'WebService').DesiredCount = '1';
    props(t, 'WebLogGroup').RetentionInDays = 10;
    const errors = specErrors(t);
    assert.ok(
      errors.includes('Resources.Cluster.Properties.Colour: no such property'),
      errors.join('\n'),
    );
    assert.ok(
      errors.includes('Resources.WebService.Properties.DesiredCount: an integer expected, got "1"'),
    );
    assert.ok(
      errors.some((e) =>
        e.startsWith('Resources.WebLogGroup.Properties.RetentionInDays: 10 is not one of'),
      ),
    );
    assert.equal(errors.length, 3, errors.join('\n'));
  });

  test('specErrors: a nested property type is checked too', async () => {
    const t = await flaskRedis();
    const containers = props(t, 'RedisTaskDefinition').ContainerDefinitions as Record<
      string,
      unknown
    >[];
    delete containers[0].Name;
    containers[0].Imag = 'typo';
    assert.deepEqual(specErrors(t).sort(), [
      'Resources.RedisTaskDefinition.Properties.ContainerDefinitions[0].Imag: no such property',
      'Resources.RedisTaskDefinition.Properties.ContainerDefinitions[0].Name: required',
    ]);
  });

  test('specErrors: a resource type outside the specification', async () => {
    const t = await flaskRedis();
    (t.Resources as unknown as Mutable).Extra = { Type: 'AWS::Made::Up', Properties: {} };
    assert.match(
      specErrors(t).join('\n'),
      /Resources\.Extra\.Type: AWS::Made::Up is not in the specification/,
    );
  });

  test('ruleViolations: a Ref, a GetAtt attribute, a Sub and a DependsOn that resolve to nothing', async () => {
    const t = await flaskRedis();
    props(t, 'WebService').Cluster = { Ref: 'Nowhere' };
    props(t, 'WebDiscovery').NamespaceId = {
      'Fn::GetAtt': ['ServiceDiscoveryNamespace', 'Colour'],
    };
    (t.Outputs as Record<string, Record<string, unknown>>).LoadBalancerDns.Value = {
      'Fn::Sub': '${Gone.DNSName}',
    };
    ((t.Resources as unknown as Mutable).RedisService as { DependsOn?: string[] }).DependsOn = [
      'Ghost',
    ];
    const errors = ruleViolations(t, FACTS);
    assert.deepEqual(errors, [
      'Resources.WebDiscovery.Properties.NamespaceId: AWS::ServiceDiscovery::PrivateDnsNamespace has no attribute Colour',
      'Resources.WebService.Properties.Cluster: Ref "Nowhere" resolves to nothing',
      'Resources.RedisService.DependsOn: Ghost is not a resource',
      'Outputs.LoadBalancerDns.Value: Fn::GetAtt of Gone, which is not a resource of the template',
    ]);
  });

  test('ruleViolations: a port open to the internet or the load balancer that no service publishes', async () => {
    const t = await flaskRedis();
    const lb = props(t, 'LoadBalancerSecurityGroup').SecurityGroupIngress as Record<
      string,
      unknown
    >[];
    lb.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
    const web = props(t, 'WebPublishedSecurityGroup').SecurityGroupIngress as Record<
      string,
      unknown
    >[];
    web[0].FromPort = 5001;
    web[0].ToPort = 5001;
    assert.deepEqual(ruleViolations(t, FACTS), [
      'Resources.LoadBalancerSecurityGroup.Properties.SecurityGroupIngress[1]: port 22 is open to 0.0.0.0/0 but no service publishes it',
      "Resources.WebPublishedSecurityGroup.Properties.SecurityGroupIngress[0]: port 5001 is open to the load balancer but is no published port's target",
    ]);
    assert.deepEqual(ruleViolations(await flaskRedis(), { ...FACTS, published: [] }).length, 2);
  });

  test("ruleViolations: a secret that is not a compose secret's parameter", async () => {
    const t = await flaskRedis();
    const containers = props(t, 'WebTaskDefinition').ContainerDefinitions as Record<
      string,
      unknown
    >[];
    containers[0].Secrets = [
      { Name: 'X', ValueFrom: 'arn:aws:secretsmanager:us-east-1:1:secret:x' },
    ];
    assert.deepEqual(ruleViolations(t, FACTS), [
      'Resources.WebTaskDefinition.Properties.ContainerDefinitions[0].Secrets[0].ValueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:x" is not the parameter of a compose secret',
    ]);
  });
});
