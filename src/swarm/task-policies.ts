// The scheduling side of a service: mode and replicas, resources, restart, update and rollback
// policies, placement, health check and log driver.
import type {
  ResourceRequirements,
  ServiceMode,
  SwarmDriver,
  SwarmHealthConfig,
  SwarmPlacement,
  SwarmRestartPolicy,
  SwarmUpdateConfig,
} from '../engine/index.js';
import type { UpdateConfig } from '../model/deploy.js';
import type { ServiceConfig } from '../model/service.js';
import { atLeast, tooOld } from './api-version.js';
import { SpecError, type Issues } from './issues.js';

/**
 * `deploy.mode` and the replica count (`deploy.replicas`, else `scale`, else 1).
 * @throws SpecError for replicas with a global mode, or an unknown mode
 */
export function serviceMode(service: ServiceConfig, apiVersion: string): ServiceMode {
  const mode = service.deploy?.mode ?? 'replicated';
  const replicas = service.deploy?.replicas ?? service.scale;
  const path = ['services', service.name, 'deploy', 'mode'];
  if ((mode === 'global' || mode === 'global-job') && service.deploy?.replicas !== undefined) {
    throw new SpecError(
      ['services', service.name, 'deploy', 'replicas'],
      `service ${service.name}: replicas can only be used with replicated or replicated-job mode, not ${mode}`,
    );
  }
  if ((mode === 'replicated-job' || mode === 'global-job') && !atLeast(apiVersion, '1.41')) {
    throw new SpecError(
      path,
      `service ${service.name}: ${tooOld(`mode ${mode}`, '1.41', apiVersion, 'it cannot be deployed')}`,
    );
  }
  switch (mode) {
    case 'replicated':
      return { Replicated: { Replicas: replicas ?? 1 } };
    case 'global':
      return { Global: {} };
    case 'replicated-job':
      return replicas === undefined
        ? { ReplicatedJob: {} }
        : { ReplicatedJob: { MaxConcurrent: replicas, TotalCompletions: replicas } };
    case 'global-job':
      return { GlobalJob: {} };
    default:
      throw new SpecError(
        path,
        `service ${service.name}: unknown deploy.mode ${JSON.stringify(mode)} (replicated, global, replicated-job or global-job)`,
      );
  }
}

/**
 * `deploy.resources`, with the service-level `cpus`, `mem_limit`, `mem_reservation` and
 * `pids_limit` where the deploy section leaves a value out (`docker stack deploy` ignores those).
 */
export function serviceResources(
  service: ServiceConfig,
  apiVersion: string,
  issues: Issues,
): ResourceRequirements {
  const path = ['services', service.name, 'deploy', 'resources'];
  const limits = service.deploy?.resources.limits;
  const reservations = service.deploy?.resources.reservations;
  const out: ResourceRequirements = {};
  const cpus = limits?.cpus ?? service.cpus;
  const memory = limits?.memory ?? service.memLimit;
  let pids = limits?.pids ?? service.pidsLimit;
  if (pids !== undefined && pids > 0 && !atLeast(apiVersion, '1.41')) {
    issues.apiVersion(
      [...path, 'limits', 'pids'],
      tooOld('limits.pids', '1.41', apiVersion, 'no pids limit is set'),
    );
    pids = undefined;
  }
  if (cpus !== undefined || memory !== undefined || (pids !== undefined && pids > 0)) {
    out.Limits = {};
    if (cpus !== undefined) out.Limits.NanoCPUs = nanoCpus(cpus);
    if (memory !== undefined) out.Limits.MemoryBytes = memory;
    if (pids !== undefined && pids > 0) out.Limits.Pids = pids;
  }
  const rCpus = reservations?.cpus;
  const rMemory = reservations?.memory ?? service.memReservation;
  const generic = reservations?.genericResources ?? [];
  if (rCpus !== undefined || rMemory !== undefined || generic.length > 0) {
    out.Reservations = {};
    if (rCpus !== undefined) out.Reservations.NanoCPUs = nanoCpus(rCpus);
    if (rMemory !== undefined) out.Reservations.MemoryBytes = rMemory;
    if (generic.length > 0) {
      out.Reservations.GenericResources = generic
        .filter((g) => g.discreteResourceSpec !== undefined)
        .map((g) => ({
          DiscreteResourceSpec: {
            Kind: g.discreteResourceSpec!.kind,
            Value: g.discreteResourceSpec!.value,
          },
        }));
    }
  }
  for (const [which, r] of [
    ['limits', limits],
    ['reservations', reservations],
  ] as const) {
    if ((r?.devices ?? []).length > 0) {
      issues.unsupported(
        [...path, which, 'devices'],
        `service ${service.name}: resources.${which}.devices is not supported by Swarm (use generic_resources) and is ignored`,
      );
    }
  }
  if (service.memSwapLimit !== undefined || service.memSwappiness !== undefined) {
    if (atLeast(apiVersion, '1.52')) {
      if (service.memSwapLimit !== undefined) out.SwapBytes = service.memSwapLimit;
      if (service.memSwappiness !== undefined) out.MemorySwappiness = service.memSwappiness;
    } else {
      const field = service.memSwapLimit !== undefined ? 'memswap_limit' : 'mem_swappiness';
      issues.apiVersion(
        ['services', service.name, field],
        `service ${service.name}: ${tooOld(field, '1.52', apiVersion, 'it is ignored')}`,
      );
    }
  }
  return out;
}

/** Compose's CPU count as nanoCPUs (`0.5` -> 500000000). */
export function nanoCpus(cpus: number): number {
  return Math.round(cpus * 1e9);
}

/**
 * `deploy.restart_policy`, else the service's `restart`. Unlike `docker stack deploy`, which
 * leaves the engine's default (restart on any exit) for `restart: "no"`, "no" means no restart.
 */
export function restartPolicy(service: ServiceConfig, issues: Issues): SwarmRestartPolicy | null {
  const p = service.deploy?.restartPolicy;
  if (p !== undefined) {
    // Compose's default condition is `any`; sent explicitly so the spec reads back the same.
    const out: SwarmRestartPolicy = { Condition: p.condition ?? 'any' };
    if (p.delay !== undefined) out.Delay = p.delay;
    if (p.maxAttempts !== undefined) out.MaxAttempts = p.maxAttempts;
    if (p.window !== undefined) out.Window = p.window;
    return out;
  }
  const restart = service.restart;
  if (restart === undefined || restart === '') return null;
  const parts = restart.split(':', 2);
  const name = parts[0];
  const count = parts.at(1);
  const attempts = count === undefined ? undefined : Number.parseInt(count, 10);
  switch (name) {
    case 'no':
      return { Condition: 'none' };
    case 'always':
    case 'unless-stopped':
      return { Condition: 'any' };
    case 'on-failure':
      return attempts !== undefined && attempts > 0
        ? { Condition: 'on-failure', MaxAttempts: attempts }
        : { Condition: 'on-failure' };
    default:
      issues.unsupported(
        ['services', service.name, 'restart'],
        `service ${service.name}: unknown restart policy ${restart}: ignored`,
      );
      return null;
  }
}

/** `deploy.update_config` / `rollback_config`; parallelism defaults to 1 as the docker CLI sets it. */
export function updateConfig(source: UpdateConfig | undefined): SwarmUpdateConfig | null {
  if (source === undefined) return null;
  const out: SwarmUpdateConfig = { Parallelism: source.parallelism ?? 1 };
  if (source.delay !== undefined) out.Delay = source.delay;
  if (source.failureAction !== undefined) out.FailureAction = source.failureAction;
  if (source.monitor !== undefined) out.Monitor = source.monitor;
  if (source.maxFailureRatio !== undefined) out.MaxFailureRatio = source.maxFailureRatio;
  if (source.order !== undefined) out.Order = source.order;
  return out;
}

/** `deploy.placement` and the service's `platform`. */
export function placement(
  service: ServiceConfig,
  apiVersion: string,
  issues: Issues,
): SwarmPlacement {
  const p = service.deploy?.placement;
  const out: SwarmPlacement = {};
  if ((p?.constraints ?? []).length > 0) out.Constraints = [...p!.constraints!];
  const prefs = (p?.preferences ?? []).filter((x) => x.spread !== undefined && x.spread !== '');
  if (prefs.length > 0)
    out.Preferences = prefs.map((x) => ({ Spread: { SpreadDescriptor: x.spread! } }));
  const max = p?.maxReplicasPerNode;
  if (max !== undefined && max > 0) {
    if (atLeast(apiVersion, '1.40')) out.MaxReplicas = max;
    else {
      issues.apiVersion(
        ['services', service.name, 'deploy', 'placement', 'max_replicas_per_node'],
        tooOld('max_replicas_per_node', '1.40', apiVersion, 'no limit is set'),
      );
    }
  }
  if (service.platform !== undefined && service.platform !== '') {
    const parts = service.platform.split('/');
    const os = parts[0];
    const arch = parts.at(1);
    out.Platforms = [{ ...(arch !== undefined ? { Architecture: arch } : {}), OS: os }];
  }
  return out;
}

/** `healthcheck:`; `disable: true` becomes the `NONE` test. */
export function healthcheck(
  service: ServiceConfig,
  apiVersion: string,
  issues: Issues,
): SwarmHealthConfig | null {
  const h = service.healthcheck;
  if (h === undefined) return null;
  if (h.disable === true) return { Test: ['NONE'] };
  const out: SwarmHealthConfig = {};
  if (h.test !== undefined) out.Test = [...h.test];
  if (h.interval !== undefined) out.Interval = h.interval;
  if (h.timeout !== undefined) out.Timeout = h.timeout;
  if (h.startPeriod !== undefined) out.StartPeriod = h.startPeriod;
  if (h.retries !== undefined) out.Retries = h.retries;
  if (h.startInterval !== undefined) {
    if (atLeast(apiVersion, '1.44')) out.StartInterval = h.startInterval;
    else {
      issues.apiVersion(
        ['services', service.name, 'healthcheck', 'start_interval'],
        `service ${service.name}: ${tooOld('healthcheck.start_interval', '1.44', apiVersion, 'the interval is used from the start')}`,
      );
    }
  }
  return out;
}

/** `logging:` (or the legacy `log_driver` / `log_opt`). */
export function logDriver(service: ServiceConfig): SwarmDriver | null {
  const driver = service.logging?.driver ?? service.logDriver;
  const options = service.logging?.options ?? service.logOpt;
  if ((driver === undefined || driver === '') && options === undefined) return null;
  return { Name: driver ?? '', ...(options !== undefined ? { Options: { ...options } } : {}) };
}
