/**
 * What the parts of the ECS converter share while converting one project: the plan, the
 * template being built (parameters, resources, outputs), logical IDs and the report.
 */
import type { CloudFormationResource, ReportOutcome } from '../../api/convert.js';
import type { Project } from '../../model/project.js';
import type { ReportBuilder } from '../report.js';
import { LogicalIds } from './names.js';
import type { EcsPlan } from './plan.js';

/** `{ Ref: id }`. */
export function ref(id: string): { Ref: string } {
  return { Ref: id };
}

/** `{ 'Fn::GetAtt': [id, attribute] }`. */
export function getAtt(id: string, attribute: string): { 'Fn::GetAtt': [string, string] } {
  return { 'Fn::GetAtt': [id, attribute] };
}

/** State of one conversion. */
export class EcsContext {
  readonly parameters: Record<string, Record<string, unknown>> = {};
  readonly resources: Record<string, CloudFormationResource> = {};
  readonly outputs: Record<string, Record<string, unknown>> = {};
  readonly ids = new LogicalIds();

  constructor(
    readonly project: Project,
    readonly plan: EcsPlan,
    readonly report: ReportBuilder,
    readonly logRetentionDays: number,
  ) {}

  /** Adds a resource under a logical ID. */
  add(id: string, resource: CloudFormationResource): void {
    if (Object.hasOwn(this.resources, id)) throw new Error(`logical ID ${id} used twice`);
    this.resources[id] = resource;
  }

  /** Reports on a service's field. `sub` is the path below `services.<key>`. */
  note(key: string, sub: string, outcome: ReportOutcome, reason: string, target?: string): void {
    const path = sub === '' ? `services.${key}` : `services.${key}.${sub}`;
    this.report.service(key, { path, outcome, reason, target });
  }
}
