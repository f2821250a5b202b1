import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { matchServiceName } from '../model/services.js';
import { define } from './profiles.js';

/**
 * Phase 21, first half: keeps the services named on the command line and, transitively, the
 * services they depend on (compose-go's WithSelectedServices). Names are `filepath.Match`
 * patterns (`web-*`). The other services become disabled and `depends_on` entries naming them
 * are dropped. An empty list selects every service.
 * @throws ComposeError('USAGE') `no such service: x` for a name that matches no enabled service;
 *   ComposeError('CONSISTENCY') `no such service: x` for a required dependency that is not
 *   enabled (a dependency with `required: false` is skipped).
 */
export function selectServices(project: Project, names: readonly string[]): Project {
  if (names.length === 0) return project;
  const selected = new Set<string>();

  const visit = (patterns: readonly string[], from?: ServiceConfig): void => {
    for (const pattern of patterns) {
      const matches = Object.keys(project.services).filter((n) => matchServiceName(pattern, n));
      if (matches.length === 0) {
        const dependency = from?.dependsOn?.[pattern];
        if (from === undefined) {
          throw new ComposeError('USAGE', `no such service: ${pattern}`);
        }
        if (dependency?.required !== false) {
          throw new ComposeError('CONSISTENCY', `no such service: ${pattern}`, {
            path: `services.${from.name}.depends_on.${pattern}`,
          });
        }
        continue;
      }
      for (const name of matches) {
        if (selected.has(name)) continue;
        selected.add(name);
        const service = project.services[name];
        visit(Object.keys(service.dependsOn ?? {}), service);
      }
    }
  };
  visit(names);

  const services: Record<string, ServiceConfig> = {};
  const disabled: Record<string, ServiceConfig> = { ...project.disabledServices };
  for (const [name, service] of Object.entries(project.services)) {
    if (selected.has(name))
      define(
        services,
        name,
        withDependencies(service, (d) => selected.has(d)),
      );
    else define(disabled, name, service);
  }
  return { ...project, services, disabledServices: disabled };
}

/**
 * Phase 21, second half: drops the networks, volumes, secrets, configs and models that no
 * enabled service uses (compose-go's WithoutUnnecessaryResources); `--all-resources` skips it.
 */
export function pruneResources(project: Project): Project {
  const networks = new Set<string>();
  const volumes = new Set<string>();
  const secrets = new Set<string>();
  const configs = new Set<string>();
  const models = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const network of Object.keys(service.networks ?? {})) networks.add(network);
    for (const volume of service.volumes ?? []) {
      if (volume.type === 'volume' && volume.source) volumes.add(volume.source);
    }
    for (const secret of service.secrets ?? []) secrets.add(secret.source);
    for (const secret of service.build?.secrets ?? []) secrets.add(secret.source);
    for (const config of service.configs ?? []) configs.add(config.source);
    for (const model of Object.keys(service.models ?? {})) models.add(model);
  }
  return {
    ...project,
    networks: keep(project.networks, networks),
    volumes: keep(project.volumes, volumes),
    secrets: keep(project.secrets, secrets),
    configs: keep(project.configs, configs),
    models: keep(project.models, models),
  };
}

function keep<T>(
  resources: Readonly<Record<string, T>>,
  used: ReadonlySet<string>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(resources)) if (used.has(key)) define(out, key, value);
  return out;
}

function withDependencies(
  service: ServiceConfig,
  keepDependency: (name: string) => boolean,
): ServiceConfig {
  const dependsOn = service.dependsOn;
  if (dependsOn === undefined) return service;
  const names = Object.keys(dependsOn);
  if (names.every(keepDependency)) return service;
  const kept: Record<string, NonNullable<ServiceConfig['dependsOn']>[string]> = {};
  for (const name of names) if (keepDependency(name)) define(kept, name, dependsOn[name]);
  return { ...service, dependsOn: kept };
}
