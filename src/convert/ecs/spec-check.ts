/**
 * The template against the CloudFormation resource specification (generated from the AWS CDK's
 * @aws-cdk/aws-service-spec, see scripts/codegen/cfn-spec.mjs): every resource type known, every
 * property known to its type, required properties present, values of the specified type and
 * among the allowed values. Intrinsic functions (`Ref`, `Fn::*`) stand for any value here;
 * rules.ts checks what they refer to.
 */
import type { CloudFormationTemplate } from '../../api/convert.js';
import { CFN_SPEC } from './generated/cfn-spec.js';
import type { CfnSpec, SpecProperty, SpecType } from './spec-types.js';

/** Whether a value is an intrinsic function call: `{ Ref: x }`, `{ 'Fn::GetAtt': [...] }`. */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkObject(
  spec: CfnSpec,
  props: Readonly<Record<string, SpecProperty>>,
  value: unknown,
  path: string,
  errors: string[],
): void {
  if (!isObject(value)) {
    errors.push(`${path}: an object expected, got ${JSON.stringify(value)}`);
    return;
  }
  for (const [name, p] of Object.entries(props)) {
    if (p.q === 1 && !Object.hasOwn(value, name)) errors.push(`${path}.${name}: required`);
  }
  for (const [name, v] of Object.entries(value)) {
    const p = Object.hasOwn(props, name) ? props[name] : undefined;
    if (p === undefined) {
      errors.push(`${path}.${name}: no such property`);
      continue;
    }
    checkValue(spec, p, v, `${path}.${name}`, errors);
  }
}

function checkValue(
  spec: CfnSpec,
  type: SpecType,
  value: unknown,
  path: string,
  errors: string[],
): void {
  if (isIntrinsic(value)) return;
  const bad = (what: string): void => {
    errors.push(`${path}: ${what} expected, got ${JSON.stringify(value)}`);
  };
  switch (type.t) {
    case 'array':
      if (!Array.isArray(value)) {
        bad('a list');
        return;
      }
      value.forEach((v, i) => {
        checkValue(spec, type.e, v, `${path}[${i}]`, errors);
      });
      return;
    case 'map':
      if (!isObject(value)) {
        bad('a map');
        return;
      }
      for (const [k, v] of Object.entries(value))
        checkValue(spec, type.e, v, `${path}.${k}`, errors);
      return;
    case 'ref': {
      const def = Object.hasOwn(spec.types, type.r) ? spec.types[type.r] : undefined;
      if (def === undefined) {
        bad(`the unknown type ${type.r}`);
        return;
      }
      checkObject(spec, def.p, value, path, errors);
      return;
    }
    case 'union': {
      const tries = type.u.map((u) => {
        const e: string[] = [];
        checkValue(spec, u, value, path, e);
        return e;
      });
      if (!tries.some((e) => e.length === 0)) errors.push(...(tries[0] ?? []));
      return;
    }
    case 'tag':
      if (
        !isObject(value) ||
        typeof value.Key !== 'string' ||
        Object.keys(value).some((k) => k !== 'Key' && k !== 'Value')
      ) {
        {
          bad('a tag {Key, Value}');
          return;
        }
      }
      return;
    case 'json':
      if (!isObject(value) && !Array.isArray(value)) {
        bad('JSON');
        return;
      }
      return;
    case 'integer':
      if (!Number.isInteger(value)) {
        bad('an integer');
        return;
      }
      break;
    case 'number':
      if (typeof value !== 'number') {
        bad('a number');
        return;
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        bad('a boolean');
        return;
      }
      break;
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') {
        bad('a string');
        return;
      }
      break;
    case 'null':
      if (value !== null) {
        bad('null');
        return;
      }
      break;
  }
  if (type.v !== undefined && !type.v.includes(value as string | number)) {
    errors.push(
      `${path}: ${JSON.stringify(value)} is not one of ${type.v.map((v) => JSON.stringify(v)).join(', ')}`,
    );
  }
}

/**
 * The template's disagreements with the specification, as `Resources.Id.Properties.X: why`.
 * @returns an empty list when the template conforms
 */
export function specErrors(template: CloudFormationTemplate, spec: CfnSpec = CFN_SPEC): string[] {
  const errors: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    const path = `Resources.${id}`;
    if (!/^[A-Za-z0-9]+$/.test(id)) errors.push(`${path}: a logical ID is letters and digits only`);
    const def = Object.hasOwn(spec.resources, r.Type) ? spec.resources[r.Type] : undefined;
    if (def === undefined) {
      errors.push(`${path}.Type: ${r.Type} is not in the specification (${spec.source})`);
      continue;
    }
    checkObject(spec, def.p, r.Properties, `${path}.Properties`, errors);
  }
  return errors;
}

/** The attributes `Fn::GetAtt` may read from a resource type. */
export function attributes(type: string, spec: CfnSpec = CFN_SPEC): readonly string[] {
  return Object.hasOwn(spec.resources, type) ? spec.resources[type].a : [];
}
