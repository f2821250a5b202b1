/**
 * Decides, before any object is made, how each service runs on Kubernetes: the workload kind
 * (and why), its name, its replicas, and whether a Service makes it reachable by name.
 */
import type { Project } from '../../model/project.js';
import type { ServiceConfig } from '../../model/service.js';
import { serviceScale } from '../../model/services.js';
import type { PlannedPort, ServicePlan, WorkloadKind } from './context.js';
import { dnsName, isPortName } from './names.js';

/** The plans of the project's services, in the project's order. */
export function planServices(project: Project): Map<string, ServicePlan> {
  const completionWaits = new Map<string, string[]>();
  const dependedOn = new Set<string>();
  for (const [key, service] of Object.entries(project.services)) {
    for (const [dep, d] of Object.entries(service.dependsOn ?? {})) {
      if (!Object.hasOwn(project.services, dep)) continue;
      dependedOn.add(dep);
      if (d.condition === 'service_completed_successfully') {
        completionWaits.set(dep, [...(completionWaits.get(dep) ?? []), key]);
      }
    }
  }
  const volumeUsers = namedVolumeUsers(project);
  const plans = new Map<string, ServicePlan>();
  for (const [key, config] of Object.entries(project.services)) {
    const name = dnsName(key);
    const { kind, reason } = workloadKind(config, completionWaits.get(key), volumeUsers);
    const ports = servicePorts(config);
    const headless = config.deploy?.endpointMode === 'dnsrr';
    let service: ServicePlan['service'];
    if (ports.length > 0) service = { name, headless, ports };
    else if (dependedOn.has(key) && kind !== 'Job') service = { name, headless: true, ports: [] };
    plans.set(key, {
      key,
      config,
      name,
      kind,
      kindReason: reason,
      replicas: serviceScale(config),
      service,
      networks: config.networkMode === undefined ? Object.keys(config.networks ?? {}) : [],
    });
  }
  return plans;
}

/** For each named volume (top-level key), the services that mount it. */
export function namedVolumeUsers(project: Project): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [key, service] of Object.entries(project.services)) {
    for (const v of service.volumes ?? []) {
      if (v.type !== 'volume' || v.source === undefined) continue;
      if (!Object.hasOwn(project.volumes, v.source)) continue;
      const list = users.get(v.source) ?? [];
      if (!list.includes(key)) list.push(key);
      users.set(v.source, list);
    }
  }
  return users;
}

function workloadKind(
  config: ServiceConfig,
  waitedForBy: readonly string[] | undefined,
  volumeUsers: ReadonlyMap<string, readonly string[]>,
): { kind: WorkloadKind; reason: string } {
  const mode = config.deploy?.mode;
  if (mode === 'global') {
    return { kind: 'DaemonSet', reason: 'deploy.mode: global runs one container per node' };
  }
  if (mode === 'replicated-job' || mode === 'global-job') {
    return { kind: 'Job', reason: `deploy.mode: ${mode} runs to completion` };
  }
  if (waitedForBy !== undefined) {
    const who = waitedForBy.join(', ');
    return {
      kind: 'Job',
      reason: `${who} ${waitedForBy.length === 1 ? 'waits' : 'wait'} for it to complete (depends_on condition service_completed_successfully)`,
    };
  }
  const owned = (config.volumes ?? [])
    .filter((v) => v.type === 'volume' && v.source !== undefined)
    .map((v) => v.source!)
    .filter((source) => {
      const users = volumeUsers.get(source);
      return users !== undefined && users.length === 1;
    });
  if (owned.length > 0 && serviceScale(config) === 1) {
    return {
      kind: 'StatefulSet',
      reason: `it alone mounts the volume ${owned.join(', ')} and runs one replica: a StatefulSet stops the old pod before starting its replacement, so two pods never write the claim at once`,
    };
  }
  return { kind: 'Deployment', reason: 'a long-running service' };
}

const PROTOCOLS: Readonly<Record<string, PlannedPort['protocol']>> = {
  tcp: 'TCP',
  udp: 'UDP',
  sctp: 'SCTP',
};

/** The container ports other services reach: `ports` targets and `expose` entries, once each. */
export function servicePorts(config: ServiceConfig): PlannedPort[] {
  const out: PlannedPort[] = [];
  const add = (port: number, protocolText: string | undefined, name?: string, app?: string) => {
    const protocol = PROTOCOLS[(protocolText ?? 'tcp').toLowerCase()] ?? 'TCP';
    if (out.some((p) => p.port === port && p.protocol === protocol)) return;
    const fallback = `${protocol.toLowerCase()}-${port}`;
    let portName = name !== undefined && isPortName(name) ? name : fallback;
    if (out.some((p) => p.name === portName)) portName = fallback;
    out.push({
      name: portName,
      port,
      protocol,
      ...(app === undefined ? {} : { appProtocol: app }),
    });
  };
  for (const p of config.ports ?? []) add(p.target, p.protocol, p.name, p.appProtocol);
  for (const e of config.expose ?? []) {
    for (const { port, protocol } of exposePorts(e)) add(port, protocol);
  }
  return out;
}

/** The ports of one `expose` entry: `80`, `53/udp`, `8000-8003` (ranges of up to 100 ports). */
export function exposePorts(entry: string): { port: number; protocol: string | undefined }[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(entry.trim());
  if (!m) return [];
  const first = Number(m[1]);
  const upper = m[2] as string | undefined;
  const last = upper === undefined ? first : Number(upper);
  if (first < 1 || last > 65535 || last < first || last - first >= 100) return [];
  const out: { port: number; protocol: string | undefined }[] = [];
  const protocol = m[3] as string | undefined;
  for (let p = first; p <= last; p++) out.push({ port: p, protocol });
  return out;
}
