import { ComposeError } from '../api/errors.js';
import { findDependencyCycle } from '../model/graph.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { define } from './profiles.js';
import { formatPath } from './tree.js';

const INVALID = 'invalid compose project';

/**
 * Phase 20: the checks compose-go runs on a decoded project (loader/validate.go), over the
 * enabled services in file order, stopping at the first problem: a service without image, build
 * or provider; references to undefined services (`depends_on`, `network_mode: service:`, build
 * `additional_contexts`), networks, volumes, secrets, configs and models; exclusive attributes
 * (`network_mode` and `networks`, `dockerfile` and `dockerfile_inline`, `scale` and
 * `deploy.replicas`, `cpus` / `mem_limit` / `mem_reservation` / `pids_limit` and their `deploy`
 * counterparts, `container_name` with several replicas); healthcheck tests; mounts sharing a
 * target; secrets without source; and finally `depends_on` cycles.
 * A `depends_on` entry naming a service disabled by profiles is accepted when `required: false`.
 * @returns the project with `deploy.replicas` set from `scale` where both are given (as compose
 *   does), otherwise unchanged.
 * @throws ComposeError('CONSISTENCY') whose `path` is the offending node
 *   (`services.web.depends_on.db`).
 */
export function checkConsistency(project: Project): Project {
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(project.services)) {
    define(services, name, checkService(project, name, service));
  }

  for (const [name, secret] of Object.entries(project.secrets)) {
    if (secret.external === true) continue;
    if (secret.file === undefined && secret.environment === undefined) {
      fail(`secret ${q(name)} must declare either \`file\` or \`environment\`: ${INVALID}`, [
        'secrets',
        name,
      ]);
    }
  }

  const cycle = findDependencyCycle(project);
  if (cycle) {
    fail(`dependency cycle detected: ${cycle.join(' -> ')}`, [
      'services',
      cycle[0],
      'depends_on',
      cycle[1],
    ]);
  }
  return { ...project, services };
}

/**
 * The check docker compose runs before creating containers and in `config`: no two services
 * may declare the same `container_name`.
 * @throws ComposeError('CONSISTENCY') at `services.<second>.container_name`.
 */
export function checkContainerNames(project: Project): void {
  const seen = new Map<string, string>();
  for (const [name, service] of Object.entries(project.services)) {
    const container = service.containerName;
    if (container === undefined || container === '') continue;
    const existing = seen.get(container);
    if (existing !== undefined) {
      fail(
        `services.${name}: container name ${q(container)} is already in use by service ${existing}`,
        ['services', name, 'container_name'],
      );
    }
    seen.set(container, name);
  }
}

function checkService(project: Project, name: string, s: ServiceConfig): ServiceConfig {
  const at = (...rest: (string | number)[]): (string | number)[] => ['services', name, ...rest];
  if (
    s.build === undefined &&
    (s.image === undefined || s.image === '') &&
    s.provider === undefined
  ) {
    fail(`service ${q(name)} has neither an image nor a build context specified: ${INVALID}`, at());
  }

  if (s.build) {
    if (s.build.dockerfileInline && s.build.dockerfile) {
      fail(
        `service ${q(name)} declares mutualy exclusive dockerfile and dockerfile_inline: ${INVALID}`,
        at('build', 'dockerfile_inline'),
      );
    }
    for (const [context, value] of Object.entries(s.build.additionalContexts ?? {})) {
      if (!value.startsWith('service:')) continue;
      const target = value.slice('service:'.length);
      const other = Object.hasOwn(project.services, target) ? project.services[target] : undefined;
      if (other === undefined) {
        fail(
          `service ${q(name)} declares unknown service ${q(target)} as additional contexts ${context}`,
          at('build', 'additional_contexts', context),
        );
      }
      if (other.build === undefined) {
        fail(
          `service ${q(name)} declares non-buildable service ${q(target)} as additional contexts ${context}`,
          at('build', 'additional_contexts', context),
        );
      }
    }
    const platforms = s.build.platforms ?? [];
    if (platforms.length > 0 && s.platform && !platforms.includes(s.platform)) {
      fail(
        `service.build.platforms MUST include service.platform ${q(s.platform)}: ${INVALID}`,
        at('build', 'platforms'),
      );
    }
  }

  const networks = Object.keys(s.networks ?? {});
  if (s.networkMode && networks.length > 0) {
    fail(
      `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: ${INVALID}`,
      at('network_mode'),
    );
  }
  for (const network of networks) {
    if (!Object.hasOwn(project.networks, network)) {
      fail(
        `service ${q(name)} refers to undefined network ${network}: ${INVALID}`,
        at('networks', network),
      );
    }
  }

  const test = s.healthcheck?.test;
  if (test && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
    fail(
      'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
      at('healthcheck', 'test'),
    );
  }

  for (const [dependency, config] of Object.entries(s.dependsOn ?? {})) {
    if (Object.hasOwn(project.services, dependency)) continue;
    if (Object.hasOwn(project.disabledServices, dependency) && !config.required) continue;
    fail(
      `service ${q(name)} depends on undefined service ${q(dependency)}: ${INVALID}`,
      at('depends_on', dependency),
    );
  }

  if (s.networkMode?.startsWith('service:')) {
    const target = s.networkMode.slice('service:'.length);
    if (!Object.hasOwn(project.services, target)) {
      fail(
        `service ${q(target)} not found for network_mode 'service:${target}'`,
        at('network_mode'),
      );
    }
  }

  (s.volumes ?? []).forEach((volume, i) => {
    if (volume.type !== 'volume' || !volume.source) return;
    if (!Object.hasOwn(project.volumes, volume.source)) {
      fail(
        `service ${q(name)} refers to undefined volume ${volume.source}: ${INVALID}`,
        at('volumes', i),
      );
    }
  });
  (s.build?.secrets ?? []).forEach((secret, i) => {
    if (!Object.hasOwn(project.secrets, secret.source)) {
      fail(
        `service ${q(name)} refers to undefined build secret ${secret.source}: ${INVALID}`,
        at('build', 'secrets', i),
      );
    }
  });
  (s.configs ?? []).forEach((config, i) => {
    if (!Object.hasOwn(project.configs, config.source)) {
      fail(
        `service ${q(name)} refers to undefined config ${config.source}: ${INVALID}`,
        at('configs', i),
      );
    }
  });
  for (const model of Object.keys(s.models ?? {})) {
    if (!Object.hasOwn(project.models, model)) {
      fail(
        `service ${q(name)} refers to undefined model ${model}: ${INVALID}`,
        at('models', model),
      );
    }
  }
  (s.secrets ?? []).forEach((secret, i) => {
    if (!Object.hasOwn(project.secrets, secret.source)) {
      fail(
        `service ${q(name)} refers to undefined secret ${secret.source}: ${INVALID}`,
        at('secrets', i),
      );
    }
  });

  let service = s;
  if (s.scale !== undefined && s.deploy) {
    if (s.deploy.replicas !== undefined && s.scale !== s.deploy.replicas) {
      fail(
        `services.${name}: can't set distinct values on 'scale' and 'deploy.replicas': ${INVALID}`,
        at('scale'),
      );
    }
    service = { ...s, deploy: { ...s.deploy, replicas: s.scale } };
  }
  if (s.scale !== undefined && s.scale < 0) {
    fail(`services.${name}.scale: must be greater than or equal to 0`, at('scale'));
  }
  const replicas = service.deploy?.replicas;
  if (replicas !== undefined && replicas < 0) {
    fail(
      `services.${name}.deploy.replicas: must be greater than or equal to 0`,
      at('deploy', 'replicas'),
    );
  }

  const limits = s.deploy?.resources.limits;
  const reservations = s.deploy?.resources.reservations;
  if (s.cpus && s.deploy && limits && Math.fround(limits.cpus ?? 0) !== Math.fround(s.cpus)) {
    distinct(name, 'cpus', 'deploy.resources.limits.cpus');
  }
  if (s.memLimit && s.deploy && limits && (limits.memory ?? 0) !== s.memLimit) {
    distinct(name, 'mem_limit', 'deploy.resources.limits.memory');
  }
  if (
    s.memReservation &&
    s.deploy &&
    reservations &&
    (reservations.memory ?? 0) !== s.memReservation
  ) {
    distinct(name, 'mem_reservation', 'deploy.resources.reservations.memory');
  }
  if (s.pidsLimit && s.deploy && limits && (limits.pids ?? 0) !== s.pidsLimit) {
    distinct(name, 'pids_limit', 'deploy.resources.limits.pids');
  }

  const scale = s.scale ?? s.deploy?.replicas ?? 1;
  if (scale > 1 && s.containerName) {
    const attribute = s.scale === undefined ? 'deploy.replicas' : 'scale';
    fail(
      `services.${name}: can't set container_name and ${attribute} as container name must be unique: ${INVALID}`,
      at('container_name'),
    );
  }

  for (const watch of s.develop?.watch ?? []) {
    if (!watch.target && watch.action !== 'rebuild' && watch.action !== 'restart') {
      fail(
        `services.${name}.develop.watch: target is required for non-rebuild actions: ${INVALID}`,
        at('develop', 'watch'),
      );
    }
  }

  const mounts = new Map<string, string>();
  (s.tmpfs ?? []).forEach((tmpfs, i) => {
    const where = `services.${name}.tmpfs[${i}]`;
    const target = tmpfs.split(':')[0];
    const previous = mounts.get(target);
    if (previous !== undefined)
      fail(`${where}: target ${target} already mounted as ${previous}`, at('tmpfs', i));
    mounts.set(target, where);
  });
  (s.volumes ?? []).forEach((volume, i) => {
    const where = `services.${name}.volumes[${i}]`;
    const previous = mounts.get(volume.target);
    if (previous !== undefined) {
      fail(`${where}: target ${volume.target} already mounted as ${previous}`, at('volumes', i));
    }
    mounts.set(volume.target, where);
  });
  return service;

  function distinct(service: string, attribute: string, deploy: string): never {
    return fail(
      `services.${service}: can't set distinct values on '${attribute}' and '${deploy}': ${INVALID}`,
      ['services', service, attribute],
    );
  }
}

function fail(detail: string, path: readonly (string | number)[]): never {
  throw new ComposeError('CONSISTENCY', detail, { path: formatPath(path) });
}

/** Go's %q for the plain names used in these messages. */
function q(text: string): string {
  return JSON.stringify(text);
}
