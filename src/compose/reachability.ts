// A warning only flotilla gives: a service that depends on another with which it shares no
// network cannot reach it by name (the classic Flask + Redis mistake).
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';

function engineNetworks(project: Project, service: ServiceConfig): string[] | undefined {
  const mode = service.networkMode ?? '';
  if (mode !== '') return undefined;
  return Object.keys(service.networks ?? {}).map((key) =>
    Object.hasOwn(project.networks, key) ? project.networks[key].name : `${project.name}_${key}`,
  );
}

function keysOf(service: ServiceConfig): string[] {
  return Object.keys(service.networks ?? {}).sort();
}

/**
 * For every `depends_on` between two enabled services that share no network (neither using
 * `network_mode`), a warning naming both services and their networks.
 * @example unreachableDependencies(project)
 *   // ['service "web" depends on "redis", but they share no network: ...']
 */
export function unreachableDependencies(project: Project): string[] {
  const out: string[] = [];
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name];
    const mine = engineNetworks(project, service);
    if (mine === undefined) continue;
    for (const dep of Object.keys(service.dependsOn ?? {}).sort()) {
      if (!Object.hasOwn(project.services, dep)) continue;
      const other = project.services[dep];
      const theirs = engineNetworks(project, other);
      if (theirs === undefined) continue;
      if (mine.some((n) => theirs.includes(n))) continue;
      out.push(
        `service "${name}" depends on "${dep}", but they share no network: "${name}" is on ${list(keysOf(service))} and "${dep}" is on ${list(keysOf(other))}, so "${name}" cannot reach "${dep}" by name. Put both on a common network.`,
      );
    }
  }
  return out;
}

function list(keys: readonly string[]): string {
  return keys.length === 0 ? 'no network' : keys.map((k) => `"${k}"`).join(', ');
}
