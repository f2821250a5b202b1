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

/**
 * The checks of one service, in compose-go's order; the first problem is thrown.
 * @returns the service with `deploy.replicas` set from `scale`
 */
function checkService(project: Project, name: string, s: ServiceConfig): ServiceConfig {
  checkImage(name, s);
  checkBuild(project, name, s);
  checkNetworks(project, name, s);
  checkHealthcheck(name, s);
  checkServiceReferences(project, name, s);
  checkResourceReferences(project, name, s);
  const service = withReplicas(name, s);
  checkResourceLimits(name, s);
  checkContainerName(name, s);
  checkWatch(name, s);
  checkMountTargets(name, s);
  return service;
}

/** `services.<name>` and then `rest`: the path of a problem. */
function at(name: string, ...rest: (string | number)[]): (string | number)[] {
  return ['services', name, ...rest];
}

/** A service runs an image, built or pulled, or comes from a provider. */
function checkImage(name: string, s: ServiceConfig): void {
  if (
    s.build === undefined &&
    (s.image === undefined || s.image === '') &&
    s.provider === undefined
  ) {
    fail(
      `service ${q(name)} has neither an image nor a build context specified: ${INVALID}`,
      at(name),
    );
  }
}

/** `dockerfile` or `dockerfile_inline`; `service:` contexts name buildable services; platforms. */
function checkBuild(project: Project, name: string, s: ServiceConfig): void {
  if (!s.build) return;
  if (s.build.dockerfileInline && s.build.dockerfile) {
    fail(
      `service ${q(name)} declares mutualy exclusive dockerfile and dockerfile_inline: ${INVALID}`,
      at(name, 'build', 'dockerfile_inline'),
    );
  }
  for (const [context, value] of Object.entries(s.build.additionalContexts ?? {})) {
    if (!value.startsWith('service:')) continue;
    const target = value.slice('service:'.length);
    const other = Object.hasOwn(project.services, target) ? project.services[target] : undefined;
    if (other === undefined) {
      fail(
        `service ${q(name)} declares unknown service ${q(target)} as additional contexts ${context}`,
        at(name, 'build', 'additional_contexts', context),
      );
    }
    if (other.build === undefined) {
      fail(
        `service ${q(name)} declares non-buildable service ${q(target)} as additional contexts ${context}`,
        at(name, 'build', 'additional_contexts', context),
      );
    }
  }
  const platforms = s.build.platforms ?? [];
  if (platforms.length > 0 && s.platform && !platforms.includes(s.platform)) {
    fail(
      `service.build.platforms MUST include service.platform ${q(s.platform)}: ${INVALID}`,
      at(name, 'build', 'platforms'),
    );
  }
}

/** `network_mode` or `networks`, and only networks the project defines. */
function checkNetworks(project: Project, name: string, s: ServiceConfig): void {
  const networks = Object.keys(s.networks ?? {});
  if (s.networkMode && networks.length > 0) {
    fail(
      `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`: ${INVALID}`,
      at(name, 'network_mode'),
    );
  }
  for (const network of networks) {
    if (!Object.hasOwn(project.networks, network)) {
      fail(
        `service ${q(name)} refers to undefined network ${network}: ${INVALID}`,
        at(name, 'networks', network),
      );
    }
  }
}

function checkHealthcheck(name: string, s: ServiceConfig): void {
  const test = s.healthcheck?.test;
  if (test && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
    fail(
      'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
      at(name, 'healthcheck', 'test'),
    );
  }
}

/**
 * `depends_on` and `network_mode: service:` name services of the project (a dependency that
 * profiles disable is accepted when not required).
 */
function checkServiceReferences(project: Project, name: string, s: ServiceConfig): void {
  for (const [dependency, config] of Object.entries(s.dependsOn ?? {})) {
    if (Object.hasOwn(project.services, dependency)) continue;
    if (Object.hasOwn(project.disabledServices, dependency) && !config.required) continue;
    fail(
      `service ${q(name)} depends on undefined service ${q(dependency)}: ${INVALID}`,
      at(name, 'depends_on', dependency),
    );
  }
  if (s.networkMode?.startsWith('service:')) {
    const target = s.networkMode.slice('service:'.length);
    if (!Object.hasOwn(project.services, target)) {
      fail(
        `service ${q(target)} not found for network_mode 'service:${target}'`,
        at(name, 'network_mode'),
      );
    }
  }
}

/** Named volumes, build secrets, configs, models and secrets are defined by the project. */
function checkResourceReferences(project: Project, name: string, s: ServiceConfig): void {
  const undefinedRef = (what: string, ref: string, path: (string | number)[]): never =>
    fail(`service ${q(name)} refers to undefined ${what} ${ref}: ${INVALID}`, at(name, ...path));
  (s.volumes ?? []).forEach((volume, i) => {
    if (volume.type !== 'volume' || !volume.source) return;
    if (!Object.hasOwn(project.volumes, volume.source)) {
      undefinedRef('volume', volume.source, ['volumes', i]);
    }
  });
  (s.build?.secrets ?? []).forEach((secret, i) => {
    if (!Object.hasOwn(project.secrets, secret.source)) {
      // A build field's error names its dotted path too, as the build-time checks do.
      const path = at(name, 'build', 'secrets', i);
      fail(
        `${formatPath(path)}: service ${q(name)} refers to undefined build secret ${secret.source}: ${INVALID}`,
        path,
      );
    }
  });
  (s.configs ?? []).forEach((config, i) => {
    if (!Object.hasOwn(project.configs, config.source)) {
      undefinedRef('config', config.source, ['configs', i]);
    }
  });
  for (const model of Object.keys(s.models ?? {})) {
    if (!Object.hasOwn(project.models, model)) undefinedRef('model', model, ['models', model]);
  }
  (s.secrets ?? []).forEach((secret, i) => {
    if (!Object.hasOwn(project.secrets, secret.source)) {
      undefinedRef('secret', secret.source, ['secrets', i]);
    }
  });
}

/**
 * `scale` and `deploy.replicas` agree and are not negative.
 * @returns the service with `deploy.replicas` set from `scale` when it has a `deploy` section
 */
function withReplicas(name: string, s: ServiceConfig): ServiceConfig {
  let service = s;
  if (s.scale !== undefined && s.deploy) {
    if (s.deploy.replicas !== undefined && s.scale !== s.deploy.replicas) {
      fail(
        `services.${name}: can't set distinct values on 'scale' and 'deploy.replicas': ${INVALID}`,
        at(name, 'scale'),
      );
    }
    service = { ...s, deploy: { ...s.deploy, replicas: s.scale } };
  }
  if (s.scale !== undefined && s.scale < 0) {
    fail(`services.${name}.scale: must be greater than or equal to 0`, at(name, 'scale'));
  }
  const replicas = service.deploy?.replicas;
  if (replicas !== undefined && replicas < 0) {
    fail(
      `services.${name}.deploy.replicas: must be greater than or equal to 0`,
      at(name, 'deploy', 'replicas'),
    );
  }
  return service;
}

/** `cpus`, `mem_limit`, `mem_reservation` and `pids_limit` agree with their `deploy` values. */
function checkResourceLimits(name: string, s: ServiceConfig): void {
  const distinct = (attribute: string, deploy: string): never =>
    fail(
      `services.${name}: can't set distinct values on '${attribute}' and '${deploy}': ${INVALID}`,
      at(name, attribute),
    );
  const limits = s.deploy?.resources.limits;
  const reservations = s.deploy?.resources.reservations;
  if (s.cpus && s.deploy && limits && Math.fround(limits.cpus ?? 0) !== Math.fround(s.cpus)) {
    distinct('cpus', 'deploy.resources.limits.cpus');
  }
  if (s.memLimit && s.deploy && limits && (limits.memory ?? 0) !== s.memLimit) {
    distinct('mem_limit', 'deploy.resources.limits.memory');
  }
  if (
    s.memReservation &&
    s.deploy &&
    reservations &&
    (reservations.memory ?? 0) !== s.memReservation
  ) {
    distinct('mem_reservation', 'deploy.resources.reservations.memory');
  }
  if (s.pidsLimit && s.deploy && limits && (limits.pids ?? 0) !== s.pidsLimit) {
    distinct('pids_limit', 'deploy.resources.limits.pids');
  }
}

/** A fixed `container_name` allows one replica only. */
function checkContainerName(name: string, s: ServiceConfig): void {
  const scale = s.scale ?? s.deploy?.replicas ?? 1;
  if (scale > 1 && s.containerName) {
    const attribute = s.scale === undefined ? 'deploy.replicas' : 'scale';
    fail(
      `services.${name}: can't set container_name and ${attribute} as container name must be unique: ${INVALID}`,
      at(name, 'container_name'),
    );
  }
}

/** Watch rules other than `rebuild` and `restart` need a `target`. */
function checkWatch(name: string, s: ServiceConfig): void {
  for (const watch of s.develop?.watch ?? []) {
    if (!watch.target && watch.action !== 'rebuild' && watch.action !== 'restart') {
      fail(
        `services.${name}.develop.watch: target is required for non-rebuild actions: ${INVALID}`,
        at(name, 'develop', 'watch'),
      );
    }
  }
}

/** No two `tmpfs` or `volumes` entries mount at the same target. */
function checkMountTargets(name: string, s: ServiceConfig): void {
  const mounts = new Map<string, string>();
  const mount = (target: string, where: string, path: (string | number)[]): void => {
    const previous = mounts.get(target);
    if (previous !== undefined) {
      fail(`${where}: target ${target} already mounted as ${previous}`, at(name, ...path));
    }
    mounts.set(target, where);
  };
  (s.tmpfs ?? []).forEach((tmpfs, i) => {
    mount(tmpfs.split(':')[0], `services.${name}.tmpfs[${i}]`, ['tmpfs', i]);
  });
  (s.volumes ?? []).forEach((volume, i) => {
    mount(volume.target, `services.${name}.volumes[${i}]`, ['volumes', i]);
  });
}

function fail(detail: string, path: readonly (string | number)[]): never {
  throw new ComposeError('CONSISTENCY', detail, { path: formatPath(path) });
}

/** Go's %q for the plain names used in these messages. */
function q(text: string): string {
  return JSON.stringify(text);
}
