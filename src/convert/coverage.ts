/**
 * The report's completeness, for every target: after a conversion, every field a service sets
 * that no part of the converter reported on gets an entry, with the reason when the field is
 * known to have no equivalent, so that nothing is ever lost silently.
 */
import type { ReportOutcome } from '../api/convert.js';
import type { Project } from '../model/project.js';
import type { ReportBuilder } from './report.js';

const SPELLING: Readonly<Record<string, string>> = {
  dnsOpts: 'dns_opt',
  envFiles: 'env_file',
  labelFiles: 'label_file',
  cpuSet: 'cpuset',
  memSwapLimit: 'memswap_limit',
  domainName: 'domainname',
  preStart: 'pre_start',
  postStart: 'post_start',
  preStop: 'pre_stop',
  restartPolicy: 'restart_policy',
  updateConfig: 'update_config',
  rollbackConfig: 'rollback_config',
  endpointMode: 'endpoint_mode',
  genericResources: 'generic_resources',
  maxReplicasPerNode: 'max_replicas_per_node',
};

/** The compose key of a model property: `containerName` -> `container_name`. */
export function composeKey(property: string): string {
  return SPELLING[property] ?? property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** What a converter's context offers the completeness pass. */
export interface CoverageContext {
  readonly project: Project;
  readonly report: ReportBuilder;
  note(key: string, sub: string, outcome: ReportOutcome, reason: string): void;
}

/** Fields known to have no (or only a partial) equivalent, by compose key, with the reason. */
export type KnownFields = Readonly<Record<string, readonly [ReportOutcome, string]>>;

/**
 * Adds an entry for every field of every service that nothing reported on: a `known` one with
 * its outcome and reason, any other as dropped (`not converted to <target>`).
 */
export function reportUncovered(ctx: CoverageContext, known: KnownFields, target: string): void {
  const cover = (key: string, field: string): void => {
    if (ctx.report.covers(key, `services.${key}.${field}`)) return;
    const entry = known[field] as KnownFields[string] | undefined;
    if (entry !== undefined) ctx.note(key, field, entry[0], entry[1]);
    else ctx.note(key, field, 'dropped', `not converted to ${target}`);
  };
  for (const [key, service] of Object.entries(ctx.project.services)) {
    for (const [property, value] of Object.entries(service)) {
      if (property === 'name' || property === 'extensions' || isEmpty(value)) continue;
      const field = composeKey(property);
      if (field === 'deploy') {
        for (const [sub, subValue] of Object.entries(value as object)) {
          if (sub === 'extensions' || isEmpty(subValue)) continue;
          cover(key, `deploy.${composeKey(sub)}`);
        }
        continue;
      }
      cover(key, field);
    }
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every((v) => isEmpty(v));
  return false;
}
