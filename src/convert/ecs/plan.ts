/**
 * How a project runs on ECS/Fargate, decided before any resource is written: each service's
 * task size, task count, published ports, networks, volumes and secrets. The template and the
 * cost estimate are both made from this one plan, so that they cannot disagree.
 */
import type { FargateArch } from '../../api/convert.js';
import { ComposeError } from '../../api/errors.js';
import type { Project } from '../../model/project.js';
import type { ServiceConfig } from '../../model/service.js';
import { DEFAULT_SIZE, fargateSize, type TaskSize } from './fargate-size.js';

/** Ephemeral storage every Fargate task has without paying for it, in GiB. */
export const FREE_EPHEMERAL_GIB = 20;

/** A published port: the load balancer listens on `published` and forwards to `target`. */
export interface EcsPort {
  readonly published: number;
  readonly target: number;
  readonly protocol: string;
  /** Index in the service's `ports`. */
  readonly index: number;
}

/** A named volume mounted into a service. */
export interface EcsMount {
  readonly volume: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** Index in the service's `volumes`. */
  readonly index: number;
}

/** How one compose service runs. */
export interface EcsServicePlan {
  readonly key: string;
  readonly size: TaskSize;
  /** Where the size comes from, for the report and the estimate. */
  readonly sizeReason: string;
  /** True when the service names no CPU or memory: ECS's smallest task is used. */
  readonly defaulted: boolean;
  readonly replicas: number;
  readonly ports: readonly EcsPort[];
  readonly networks: readonly string[];
  readonly mounts: readonly EcsMount[];
  /** Ephemeral storage of each task, GiB (20 unless `storage_opt.size` asks for more). */
  readonly ephemeralGiB: number;
  readonly secrets: readonly string[];
}

/** Where a named volume lives. */
export interface EcsVolumePlan {
  readonly key: string;
  readonly kind: 'efs' | 'ebs';
  /** The services that mount it. */
  readonly users: readonly string[];
  /** EBS only: the size of the volume each task gets. */
  readonly sizeGiB?: number | undefined;
}

/** The plan of a project. */
export interface EcsPlan {
  readonly project: string;
  readonly arch: FargateArch;
  readonly services: readonly EcsServicePlan[];
  readonly volumes: readonly EcsVolumePlan[];
  /** Whether some service publishes a port: then the template has a load balancer. */
  readonly loadBalancer: boolean;
  readonly networks: readonly string[];
  readonly secrets: readonly string[];
}

/** What the plan depends on besides the project. */
export interface EcsPlanOptions {
  readonly arch?: FargateArch | undefined;
  readonly ebsVolumes?: readonly string[] | undefined;
  readonly ebsSizeGiB?: number | undefined;
}

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

function requested(s: ServiceConfig): { cpus?: number; memory?: number; from: string } {
  const r = s.deploy?.resources;
  const cpus = r?.limits?.cpus ?? s.cpus ?? r?.reservations?.cpus;
  const memory = r?.limits?.memory ?? s.memLimit ?? r?.reservations?.memory ?? s.memReservation;
  const from =
    r?.limits?.cpus !== undefined || r?.limits?.memory !== undefined
      ? 'deploy.resources.limits'
      : r?.reservations?.cpus !== undefined || r?.reservations?.memory !== undefined
        ? 'deploy.resources.reservations'
        : 'cpus/mem_limit';
  return {
    ...(cpus === undefined || cpus <= 0 ? {} : { cpus }),
    ...(memory === undefined || memory <= 0 ? {} : { memory }),
    from,
  };
}

function vcpu(units: number): string {
  return `${units / 1024} vCPU`;
}

function gb(mib: number): string {
  return `${mib / 1024} GB`;
}

/** The task size of a service, and why. */
export function taskSize(
  key: string,
  s: ServiceConfig,
): TaskSize & { readonly reason: string; readonly defaulted: boolean } {
  const want = requested(s);
  if (want.cpus === undefined && want.memory === undefined) {
    return {
      ...DEFAULT_SIZE,
      defaulted: true,
      reason: `no CPU or memory set: ECS's smallest task, ${vcpu(DEFAULT_SIZE.cpu)} / ${gb(DEFAULT_SIZE.memory)}`,
    };
  }
  const cpu = want.cpus === undefined ? 0 : Math.ceil(want.cpus * 1024);
  const memory = want.memory === undefined ? 0 : Math.ceil(want.memory / MIB);
  const size = fargateSize(cpu, memory);
  if (size === undefined) {
    throw new ComposeError(
      'CONVERT',
      `services.${key}: ${want.cpus ?? '-'} CPUs and ${memory} MiB exceed the largest Fargate task (16 vCPU, 120 GB)`,
    );
  }
  const asked = [
    want.cpus === undefined ? undefined : `${want.cpus} CPUs`,
    want.memory === undefined ? undefined : `${memory} MiB`,
  ]
    .filter((x) => x !== undefined)
    .join(' and ');
  return {
    ...size,
    defaulted: false,
    reason: `${want.from} asks ${asked}: the smallest Fargate size that holds it is ${vcpu(size.cpu)} / ${gb(size.memory)}`,
  };
}

function replicas(s: ServiceConfig): number {
  if (s.deploy?.mode === 'global') return 1;
  return s.deploy?.replicas ?? s.scale ?? 1;
}

function ephemeral(s: ServiceConfig): number {
  const size = s.storageOpt?.size;
  if (size === undefined) return FREE_EPHEMERAL_GIB;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(size.trim());
  if (m === null) return FREE_EPHEMERAL_GIB;
  const unit = { '': 1, k: 1024, m: MIB, g: GIB, t: 1024 * GIB }[m[2].toLowerCase()] ?? 1;
  const gib = Math.ceil((Number(m[1]) * unit) / GIB);
  return Math.min(200, Math.max(FREE_EPHEMERAL_GIB, gib));
}

function ports(s: ServiceConfig): EcsPort[] {
  const out: EcsPort[] = [];
  (s.ports ?? []).forEach((p, index) => {
    if (p.published === undefined || p.published === '') return;
    const published = Number(p.published);
    if (!Number.isInteger(published)) return;
    out.push({ published, target: p.target, protocol: p.protocol ?? 'tcp', index });
  });
  return out;
}

/**
 * Plans a project for ECS.
 * @throws ComposeError('USAGE') for an EBS volume that is not a named volume, or that more than
 *   one task would mount; ('CONVERT') for a task beyond Fargate's largest size
 */
export function planEcs(project: Project, options: EcsPlanOptions = {}): EcsPlan {
  const ebs = new Set(options.ebsVolumes ?? []);
  for (const v of ebs) {
    if (!Object.hasOwn(project.volumes, v)) {
      throw new ComposeError('USAGE', `--ebs ${v}: no such named volume`);
    }
  }
  const users = new Map<string, string[]>();
  const services: EcsServicePlan[] = [];
  for (const [key, s] of Object.entries(project.services)) {
    const size = taskSize(key, s);
    const mounts: EcsMount[] = [];
    (s.volumes ?? []).forEach((v, index) => {
      if (v.type !== 'volume' || v.source === undefined) return;
      if (!Object.hasOwn(project.volumes, v.source)) return;
      mounts.push({ volume: v.source, target: v.target, readOnly: v.readOnly === true, index });
      const list = users.get(v.source) ?? [];
      if (!list.includes(key)) list.push(key);
      users.set(v.source, list);
    });
    services.push({
      key,
      size: { cpu: size.cpu, memory: size.memory },
      sizeReason: size.reason,
      defaulted: size.defaulted,
      replicas: replicas(s),
      ports: ports(s),
      networks: s.networkMode === undefined ? Object.keys(s.networks ?? {}) : [],
      mounts,
      ephemeralGiB: ephemeral(s),
      secrets: (s.secrets ?? [])
        .map((r) => r.source)
        .filter((n) => Object.hasOwn(project.secrets, n)),
    });
  }
  const volumes: EcsVolumePlan[] = [];
  for (const key of Object.keys(project.volumes)) {
    const using = users.get(key) ?? [];
    if (!ebs.has(key)) {
      volumes.push({ key, kind: 'efs', users: using });
      continue;
    }
    const many = using.length > 1 || services.some((s) => using.includes(s.key) && s.replicas > 1);
    if (many) {
      throw new ComposeError(
        'USAGE',
        `--ebs ${key}: an ECS-managed EBS volume belongs to one task, but ${using.join(', ')} would run ${using.length > 1 ? 'several services' : 'several tasks'} on it: leave it on EFS`,
      );
    }
    volumes.push({ key, kind: 'ebs', users: using, sizeGiB: options.ebsSizeGiB ?? 20 });
  }
  const networks = [...new Set(services.flatMap((s) => s.networks))].filter((n) =>
    Object.hasOwn(project.networks, n),
  );
  return {
    project: project.name,
    arch: options.arch ?? 'x86_64',
    services,
    volumes,
    loadBalancer: services.some((s) => s.ports.some((p) => p.protocol === 'tcp')),
    networks,
    secrets: Object.keys(project.secrets).filter((k) =>
      services.some((s) => s.secrets.includes(k)),
    ),
  };
}
