import type { Project } from './project.js';
import type { ServiceConfig } from './service.js';

/** The names of the enabled services, sorted. */
export function serviceNames(project: Pick<Project, 'services'>): string[] {
  return Object.keys(project.services).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The enabled service named `name`, or undefined (also when it is disabled). */
export function findService(
  project: Pick<Project, 'services'>,
  name: string,
): ServiceConfig | undefined {
  return Object.hasOwn(project.services, name) ? project.services[name] : undefined;
}

/** Whether `name` is a service of the project, enabled or disabled. */
export function hasService(
  project: Pick<Project, 'services' | 'disabledServices'>,
  name: string,
): boolean {
  return Object.hasOwn(project.services, name) || Object.hasOwn(project.disabledServices, name);
}

/**
 * How many containers a service runs: `scale`, else `deploy.replicas`, else 1.
 */
export function serviceScale(service: ServiceConfig): number {
  return service.scale ?? service.deploy?.replicas ?? 1;
}

/**
 * The names of the services that depend on `name` (its direct dependents), sorted.
 */
export function dependentsOf(project: Pick<Project, 'services'>, name: string): string[] {
  return serviceNames(project).filter((other) =>
    Object.hasOwn(project.services[other].dependsOn ?? {}, name),
  );
}

/**
 * The networks of a service in the order the engine should attach them: by decreasing
 * `priority`, then by name (compose-go's NetworksByPriority).
 */
export function networksByPriority(service: ServiceConfig): string[] {
  const networks = service.networks ?? {};
  return Object.keys(networks).sort((a, b) => {
    const pa = networks[a]?.priority ?? 0;
    const pb = networks[b]?.priority ?? 0;
    if (pa !== pb) return pb - pa;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Whether a pattern (`web`, `web-*`) matches a service name, as `filepath.Match` does. */
export function matchServiceName(pattern: string, name: string): boolean {
  if (!/[*?[\\]/.test(pattern)) return pattern === name;
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += escapeRegExp(c);
  }
  return new RegExp(`${source}$`, 'u').test(name);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
