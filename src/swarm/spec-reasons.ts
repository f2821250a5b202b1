// Why a stack deploy would update a service, for `stack deploy --dry-run`: each field where the
// spec to send differs from the engine's, with both values. Environment values are never shown
// (only which variables changed); networks read by name rather than by ID; a secret or config
// that changed content shows as its new name (the ID that follows it is not repeated).
import type { PlanReason } from '../api/plan.js';
import type { ServiceSpec } from '../engine/index.js';
import { specDifferences } from './spec-compare.js';

const ENV = 'TaskTemplate.ContainerSpec.Env';
const MAX_VALUE = 80;

/**
 * The reasons to update a service whose engine spec is `current` to `desired`; empty when they
 * are the same spec. `networkName` turns a network ID back into its name.
 */
export function updateReasons(
  desired: ServiceSpec,
  current: ServiceSpec,
  networkName: (id: string) => string | undefined = () => undefined,
): PlanReason[] {
  const paths = specDifferences(desired, current);
  const reasons: PlanReason[] = [];
  if (paths.some((p) => p === ENV || p.startsWith(`${ENV}[`))) {
    reasons.push(...environmentReasons(desired, current));
  }
  const named = new Set(paths.filter((p) => /(SecretName|ConfigName)$/.test(p)));
  for (const path of paths) {
    if (path === ENV || path.startsWith(`${ENV}[`)) continue;
    // The ID of a renamed secret or config follows its name.
    const id = /^(.*)\.(Secret|Config)ID$/.exec(path);
    if (id !== null && named.has(`${id[1]}.${id[2]}Name`)) continue;
    const show = (spec: ServiceSpec): string | undefined => {
      const value = valueAt(spec, path);
      if (value === undefined) return undefined;
      if (path.endsWith('.Target') && path.includes('Networks') && typeof value === 'string') {
        return JSON.stringify(networkName(value) ?? value);
      }
      return shorten(JSON.stringify(value));
    };
    const old = show(current);
    const now = show(desired);
    reasons.push({
      field: path,
      old,
      new: now,
      text: `${path}: ${old ?? 'unset'} -> ${now ?? 'unset'}`,
    });
  }
  return reasons;
}

/** One reason per variable added, removed or changed; values withheld. */
function environmentReasons(desired: ServiceSpec, current: ServiceSpec): PlanReason[] {
  const read = (spec: ServiceSpec): Map<string, string> =>
    new Map(
      (spec.TaskTemplate.ContainerSpec?.Env ?? []).map((e) => {
        const eq = e.indexOf('=');
        return eq < 0 ? [e, ''] : [e.slice(0, eq), e.slice(eq + 1)];
      }),
    );
  const was = read(current);
  const now = read(desired);
  const out: PlanReason[] = [];
  for (const key of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const field = `environment.${key}`;
    if (!was.has(key))
      out.push({ field, redacted: true, text: `${field}: added (value redacted)` });
    else if (!now.has(key)) out.push({ field, redacted: true, text: `${field}: removed` });
    else if (was.get(key) !== now.get(key)) {
      out.push({ field, redacted: true, text: `${field}: changed (values redacted)` });
    }
  }
  // Same variables and values in another order: the engine still sees a new spec.
  if (out.length === 0) {
    out.push({ field: 'environment', text: 'environment: same variables in another order' });
  }
  return out;
}

/** The value at a path such as `TaskTemplate.Networks[0].Target`. */
function valueAt(spec: unknown, path: string): unknown {
  let value: unknown = spec;
  for (const part of path.split(/\.|(?=\[)/)) {
    if (value === undefined || value === null || typeof value !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    value = index
      ? (value as unknown[])[Number(index[1])]
      : (value as Record<string, unknown>)[part];
  }
  return value;
}

function shorten(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
