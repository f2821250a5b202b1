/**
 * Resource limits and reservations: `deploy.resources` (and the older `cpus`, `mem_limit`,
 * `mem_reservation`) become the container's `resources.limits` and `resources.requests`.
 */
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';

/** A CPU count as a Kubernetes quantity: `0.5` -> `500m`, `2` -> `2`. */
export function cpuQuantity(cpus: number): string {
  const milli = Math.max(1, Math.round(cpus * 1000));
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** A byte count as a Kubernetes quantity: `536870912` -> `512Mi`. */
export function memoryQuantity(bytes: number): string {
  for (const [unit, size] of [
    ['Ti', 1024 ** 4],
    ['Gi', 1024 ** 3],
    ['Mi', 1024 ** 2],
    ['Ki', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

export interface ContainerResources {
  limits?: Record<string, string>;
  requests?: Record<string, string>;
}

/**
 * The container's `resources`, reporting each compose field.
 * @param where the container in the report: `Deployment/web spec.template.spec.containers[0]`
 */
export function containerResources(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): ContainerResources | undefined {
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  const target = (field: string): string => `${where}.${field}`;
  const r = service.deploy?.resources;

  const cpuLimit = r?.limits?.cpus ?? service.cpus;
  const cpuPath = r?.limits?.cpus !== undefined ? 'deploy.resources.limits.cpus' : 'cpus';
  if (cpuLimit !== undefined && cpuLimit > 0) {
    limits.cpu = cpuQuantity(cpuLimit);
    ctx.note(key, cpuPath, 'mapped', `CPU limit ${limits.cpu}`, target('resources.limits.cpu'));
  }
  if (r?.limits?.cpus !== undefined && service.cpus !== undefined) {
    ctx.note(key, 'cpus', 'mapped', 'deploy.resources.limits.cpus takes precedence');
  }
  const memLimit = r?.limits?.memory ?? service.memLimit;
  const memPath = r?.limits?.memory !== undefined ? 'deploy.resources.limits.memory' : 'mem_limit';
  if (memLimit !== undefined && memLimit > 0) {
    limits.memory = memoryQuantity(memLimit);
    ctx.note(
      key,
      memPath,
      'mapped',
      `memory limit ${limits.memory}`,
      target('resources.limits.memory'),
    );
  }
  if (r?.limits?.memory !== undefined && service.memLimit !== undefined) {
    ctx.note(key, 'mem_limit', 'mapped', 'deploy.resources.limits.memory takes precedence');
  }
  const memRequestPath =
    r?.reservations?.memory !== undefined
      ? 'deploy.resources.reservations.memory'
      : 'mem_reservation';
  for (const [res, amount, limit, path, quantity, what] of [
    [
      'cpu',
      r?.reservations?.cpus,
      cpuLimit,
      'deploy.resources.reservations.cpus',
      cpuQuantity,
      'CPU',
    ],
    [
      'memory',
      r?.reservations?.memory ?? service.memReservation,
      memLimit,
      memRequestPath,
      memoryQuantity,
      'memory',
    ],
  ] as const) {
    if (amount === undefined || amount <= 0) continue;
    const at = target(`resources.requests.${res}`);
    // Kubernetes refuses a request above its limit; compose lets a reservation exceed a limit.
    if (limit !== undefined && limit > 0 && amount > limit) {
      requests[res] = limits[res];
      ctx.note(
        key,
        path,
        'approximated',
        `the reservation exceeds the limit, which Kubernetes refuses: the request is the limit (${limits[res]})`,
        at,
      );
    } else {
      requests[res] = quantity(amount);
      ctx.note(key, path, 'mapped', `${what} request ${requests[res]}`, at);
    }
  }
  gpuRequests(ctx, key, service, limits, target);

  if (r?.limits?.pids !== undefined) {
    ctx.note(
      key,
      'deploy.resources.limits.pids',
      'dropped',
      "Kubernetes sets the pid limit per node (kubelet's podPidsLimit), not per container",
    );
  }
  if (r?.reservations?.genericResources !== undefined) {
    ctx.note(
      key,
      'deploy.resources.reservations.generic_resources',
      'dropped',
      'swarm generic resources have no Kubernetes equivalent (use extended resources of a device plugin)',
    );
  }
  const out: ContainerResources = {};
  if (Object.keys(limits).length > 0) out.limits = limits;
  if (Object.keys(requests).length > 0) out.requests = requests;
  if (out.limits !== undefined && out.requests === undefined) {
    ctx.note(
      key,
      r?.limits !== undefined
        ? 'deploy.resources.limits'
        : cpuLimit !== undefined
          ? 'cpus'
          : 'mem_limit',
      'mapped',
      'without a reservation Kubernetes requests the limit itself when scheduling the pod',
    );
  }
  return out.limits === undefined && out.requests === undefined ? undefined : out;
}

function gpuRequests(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  limits: Record<string, string>,
  target: (field: string) => string,
): void {
  const devices = service.deploy?.resources.reservations?.devices ?? [];
  devices.forEach((d, i) => {
    const path = `deploy.resources.reservations.devices[${i}]`;
    const gpu = (d.capabilities ?? []).includes('gpu');
    if (!gpu || (d.driver !== undefined && d.driver !== 'nvidia')) {
      ctx.note(key, path, 'dropped', 'only NVIDIA GPUs have a Kubernetes equivalent here');
      return;
    }
    if (d.count === undefined || d.count < 1 || d.deviceIds !== undefined) {
      ctx.note(key, path, 'dropped', 'Kubernetes needs a GPU count (not "all" nor device ids)');
      return;
    }
    limits['nvidia.com/gpu'] = String(d.count);
    ctx.note(
      key,
      path,
      'approximated',
      `nvidia.com/gpu: ${d.count}, which needs the NVIDIA device plugin on the nodes`,
      target('resources.limits'),
    );
  });
  (service.gpus ?? []).forEach((_g, i) => {
    ctx.note(
      key,
      `gpus[${i}]`,
      'dropped',
      'use deploy.resources.reservations.devices with a count',
    );
  });
}
