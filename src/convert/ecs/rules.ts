/**
 * flotilla's own rules for the CloudFormation template, beyond the specification: every `Ref`,
 * `Fn::GetAtt`, `Fn::Sub` reference and `DependsOn` resolves; every port open to the internet is
 * a published port and every port open to the load balancer is the target of one; every secret
 * a container reads is a compose secret's parameter that exists.
 */
import type { CloudFormationTemplate } from '../../api/convert.js';
import { ComposeError } from '../../api/errors.js';
import { attributes, isIntrinsic } from './spec-check.js';

/** What the rules compare the template with. */
export interface RuleFacts {
  /** Published ports and the container ports they forward to. */
  readonly published: readonly { readonly published: number; readonly target: number }[];
  /** The parameters that hold compose secrets' ARNs. */
  readonly secretParameters: ReadonlySet<string>;
  /** The load balancer's security group, if any. */
  readonly loadBalancerGroup?: string | undefined;
}

const PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

function walk(
  value: unknown,
  path: string,
  visit: (v: Record<string, unknown>, path: string) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(v, `${path}[${i}]`, visit);
    });
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (isIntrinsic(o)) visit(o, path);
    for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`, visit);
  }
}

function references(t: CloudFormationTemplate, errors: string[]): void {
  const params = new Set(Object.keys(t.Parameters));
  const resources = t.Resources;
  const known = (name: string): boolean =>
    params.has(name) || PSEUDO.has(name) || Object.hasOwn(resources, name);
  const getAtt = (id: string, attr: string, path: string): void => {
    if (!Object.hasOwn(resources, id)) {
      errors.push(`${path}: Fn::GetAtt of ${id}, which is not a resource of the template`);
    } else if (!attributes(resources[id].Type).includes(attr)) {
      errors.push(`${path}: ${resources[id].Type} has no attribute ${attr}`);
    }
  };
  const visit = (o: Record<string, unknown>, path: string): void => {
    if ('Ref' in o) {
      if (typeof o.Ref !== 'string' || !known(o.Ref))
        errors.push(`${path}: Ref ${JSON.stringify(o.Ref)} resolves to nothing`);
    } else if ('Fn::GetAtt' in o) {
      const a = o['Fn::GetAtt'];
      if (
        !Array.isArray(a) ||
        a.length !== 2 ||
        typeof a[0] !== 'string' ||
        typeof a[1] !== 'string'
      ) {
        errors.push(`${path}: Fn::GetAtt takes [resource, attribute]`);
      } else getAtt(a[0], a[1], path);
    } else if ('Fn::Sub' in o) {
      const text = o['Fn::Sub'];
      if (typeof text !== 'string') return;
      for (const m of text.matchAll(/\$\{([^}!]+)\}/g)) {
        const [id, ...attr] = m[1].split('.');
        if (attr.length === 0) {
          if (!known(id)) errors.push(`${path}: \${${m[1]}} resolves to nothing`);
        } else getAtt(id, attr.join('.'), path);
      }
    }
  };
  for (const [id, r] of Object.entries(resources)) {
    walk(r.Properties, `Resources.${id}.Properties`, visit);
    for (const d of r.DependsOn ?? []) {
      if (!Object.hasOwn(resources, d))
        errors.push(`Resources.${id}.DependsOn: ${d} is not a resource`);
    }
  }
  walk(t.Outputs ?? {}, 'Outputs', visit);
}

function groupOf(value: unknown): string | undefined {
  if (!isIntrinsic(value)) return undefined;
  const a = value['Fn::GetAtt'];
  if (Array.isArray(a) && typeof a[0] === 'string') return a[0];
  return typeof value.Ref === 'string' ? value.Ref : undefined;
}

function ingressRules(
  t: CloudFormationTemplate,
): { group: string; rule: Record<string, unknown>; path: string }[] {
  const out: { group: string; rule: Record<string, unknown>; path: string }[] = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type === 'AWS::EC2::SecurityGroup') {
      const rules = (r.Properties.SecurityGroupIngress ?? []) as Record<string, unknown>[];
      rules.forEach((rule, i) =>
        out.push({
          group: id,
          rule,
          path: `Resources.${id}.Properties.SecurityGroupIngress[${i}]`,
        }),
      );
    } else if (r.Type === 'AWS::EC2::SecurityGroupIngress') {
      out.push({
        group: groupOf(r.Properties.GroupId) ?? '?',
        rule: r.Properties,
        path: `Resources.${id}.Properties`,
      });
    }
  }
  return out;
}

function ports(t: CloudFormationTemplate, facts: RuleFacts, errors: string[]): void {
  const published = new Set(facts.published.map((p) => p.published));
  const targets = new Set(facts.published.map((p) => p.target));
  for (const { group, rule, path } of ingressRules(t)) {
    const from = rule.FromPort;
    const to = rule.ToPort;
    const source = groupOf(rule.SourceSecurityGroupId);
    const range = from === to ? `port ${String(from)}` : `ports ${String(from)}-${String(to)}`;
    if (rule.CidrIp !== undefined || rule.CidrIpv6 !== undefined) {
      if (typeof from !== 'number' || from !== to || !published.has(from)) {
        errors.push(
          `${path}: ${range} is open to ${String(rule.CidrIp ?? rule.CidrIpv6)} but no service publishes it`,
        );
      }
    } else if (source === undefined || !Object.hasOwn(t.Resources, source)) {
      errors.push(`${path}: ingress from outside the template's security groups`);
    } else if (source === facts.loadBalancerGroup) {
      if (typeof from !== 'number' || from !== to || !targets.has(from)) {
        errors.push(
          `${path}: ${range} is open to the load balancer but is no published port's target`,
        );
      }
    } else if (source !== group && rule.IpProtocol === '-1') {
      errors.push(
        `${path}: every port of ${group} is open to ${source}: only a network's own members get every port`,
      );
    }
  }
}

function secrets(t: CloudFormationTemplate, facts: RuleFacts, errors: string[]): void {
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type !== 'AWS::ECS::TaskDefinition') continue;
    const containers = (r.Properties.ContainerDefinitions ?? []) as Record<string, unknown>[];
    containers.forEach((c, i) => {
      ((c.Secrets ?? []) as Record<string, unknown>[]).forEach((s, k) => {
        const path = `Resources.${id}.Properties.ContainerDefinitions[${i}].Secrets[${k}].ValueFrom`;
        const name = groupOf(s.ValueFrom);
        if (
          name === undefined ||
          !facts.secretParameters.has(name) ||
          !Object.hasOwn(t.Parameters, name)
        ) {
          errors.push(
            `${path}: ${JSON.stringify(s.ValueFrom)} is not the parameter of a compose secret`,
          );
        }
      });
    });
  }
}

/** The rules the template breaks, one line each (empty when it keeps them all). */
export function ruleViolations(template: CloudFormationTemplate, facts: RuleFacts): string[] {
  const errors: string[] = [];
  references(template, errors);
  ports(template, facts, errors);
  secrets(template, facts, errors);
  return errors;
}

/**
 * Fails when the template breaks a rule or the specification: a bug of the converter, never
 * written out.
 * @throws ComposeError('CONVERT') listing every violation
 */
export function checkTemplate(errors: readonly string[]): void {
  if (errors.length === 0) return;
  throw new ComposeError(
    'CONVERT',
    `the CloudFormation template breaks ${errors.length} rule${errors.length === 1 ? '' : 's'} (a flotilla bug; nothing was written):\n${errors.map((e) => `  ${e}`).join('\n')}`,
  );
}
