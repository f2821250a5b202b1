import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';

/**
 * Whether a service is enabled by the active profiles: it has no `profiles`, or one of them is
 * active, or `*` is active (compose-go's HasProfile).
 */
export function hasActiveProfile(service: ServiceConfig, profiles: readonly string[]): boolean {
  const own = service.profiles ?? [];
  if (own.length === 0) return true;
  return profiles.some((p) => p === '*' || own.includes(p));
}

/**
 * Phase 19: splits the services into enabled and disabled ones for the active profiles
 * (`--profile`, `COMPOSE_PROFILES`; `*` enables all). Disabled services are kept in
 * `disabledServices`, so that a dependency on them can be told from one on a missing service.
 * Empty profile names (from `COMPOSE_PROFILES=`) are ignored.
 */
export function applyProfiles(project: Project, profiles: readonly string[]): Project {
  const active = profiles.filter((p) => p !== '');
  const services: Record<string, ServiceConfig> = {};
  const disabled: Record<string, ServiceConfig> = {};
  for (const [name, service] of allServices(project)) {
    if (hasActiveProfile(service, active)) define(services, name, service);
    else define(disabled, name, service);
  }
  return { ...project, services, disabledServices: disabled, profiles: active };
}

/**
 * Enables the named services by activating their profiles in addition to the active ones, as
 * docker compose does for services named on the command line (`compose up debug`): every
 * service sharing one of those profiles is enabled too. Names that are not disabled services
 * are left alone (an unknown name is reported by the selection phase).
 */
export function enableServices(project: Project, names: readonly string[]): Project {
  if (names.length === 0) return project;
  const profiles = [...project.profiles];
  for (const name of names) {
    if (Object.hasOwn(project.services, name)) continue;
    if (!Object.hasOwn(project.disabledServices, name)) continue;
    for (const p of project.disabledServices[name].profiles ?? []) {
      if (!profiles.includes(p)) profiles.push(p);
    }
  }
  return applyProfiles(project, profiles);
}

/** Enabled then disabled services, each in its own order. */
export function allServices(project: Project): [string, ServiceConfig][] {
  return [...Object.entries(project.services), ...Object.entries(project.disabledServices)];
}

/** Sets an own property, also for the key `__proto__`. */
export function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
