/**
 * Pod-level fields of a service: host name, DNS settings, extra hosts, the host namespaces,
 * platform and placement (node selection), runtime, init and stop settings.
 */
import type { ServiceConfig } from '../../model/service.js';
import type { KubeContext } from './context.js';
import { isDns1123Label } from './names.js';

/** Pod spec fields, in the order they are written. */
export function podFields(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  where: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const at = (field: string): string => `${where}.${field}`;

  if (service.stopGracePeriod !== undefined) {
    out.terminationGracePeriodSeconds = Math.ceil(service.stopGracePeriod / 1e9);
    ctx.note(
      key,
      'stop_grace_period',
      'mapped',
      'terminationGracePeriodSeconds',
      at('terminationGracePeriodSeconds'),
    );
  }
  if (service.stopSignal !== undefined) {
    ctx.note(
      key,
      'stop_signal',
      'dropped',
      "Kubernetes has no stop signal setting: the runtime sends the image's STOPSIGNAL (set it in the Dockerfile), else SIGTERM",
    );
  }
  if (service.hostname !== undefined) {
    if (isDns1123Label(service.hostname)) {
      out.hostname = service.hostname;
      ctx.note(
        key,
        'hostname',
        'mapped',
        "the pod's own host name (other pods reach it by its Service name)",
        at('hostname'),
      );
    } else {
      ctx.note(key, 'hostname', 'dropped', 'not a DNS label Kubernetes accepts as a host name');
    }
  }
  if (service.domainName !== undefined) {
    ctx.note(
      key,
      'domainname',
      'dropped',
      'a pod domain comes from its namespace and subdomain Service',
    );
  }
  const net = service.networkMode;
  if (net !== undefined) {
    if (net === 'host') {
      out.hostNetwork = true;
      out.dnsPolicy = 'ClusterFirstWithHostNet';
      ctx.note(
        key,
        'network_mode',
        'approximated',
        'hostNetwork: the network of the node running the pod (the ports it listens on must be free there)',
        at('hostNetwork'),
      );
    } else {
      ctx.note(
        key,
        'network_mode',
        'dropped',
        net === 'none'
          ? 'every pod has a network on Kubernetes'
          : 'pods cannot share the network of another pod or container: run the containers in one pod by hand',
      );
    }
  }
  dnsFields(ctx, key, service, out, at);
  const aliases = hostAliases(ctx, key, service, at('hostAliases'));
  if (aliases.length > 0) out.hostAliases = aliases;
  if (service.pid === 'host') {
    out.hostPID = true;
    ctx.note(key, 'pid', 'mapped', 'hostPID', at('hostPID'));
  } else if (service.pid !== undefined) {
    ctx.note(key, 'pid', 'dropped', 'only the host pid namespace can be shared');
  }
  if (service.ipc === 'host') {
    out.hostIPC = true;
    ctx.note(key, 'ipc', 'mapped', 'hostIPC', at('hostIPC'));
  } else if (service.ipc === 'private' || service.ipc === 'shareable') {
    ctx.note(key, 'ipc', 'mapped', "the pod's own IPC namespace");
  } else if (service.ipc !== undefined) {
    ctx.note(key, 'ipc', 'dropped', 'only the host IPC namespace can be shared');
  }
  if (service.init === true) {
    out.shareProcessNamespace = true;
    ctx.note(
      key,
      'init',
      'approximated',
      "shareProcessNamespace: the pod's pause process is PID 1 and reaps zombies as docker's init does",
      at('shareProcessNamespace'),
    );
  } else if (service.init === false) {
    ctx.note(key, 'init', 'mapped', 'no init process');
  }
  const selector = nodeSelector(ctx, key, service, at('nodeSelector'));
  if (Object.keys(selector).length > 0) out.nodeSelector = selector;
  if (service.runtime !== undefined) {
    out.runtimeClassName = service.runtime;
    ctx.note(
      key,
      'runtime',
      'approximated',
      'runtimeClassName: a RuntimeClass of that name must exist in the cluster',
      at('runtimeClassName'),
    );
  }
  return out;
}

function dnsFields(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  out: Record<string, unknown>,
  at: (field: string) => string,
): void {
  const config: Record<string, unknown> = {};
  if (service.dns !== undefined && service.dns.length > 0) {
    config.nameservers = service.dns.slice(0, 2);
    ctx.note(
      key,
      'dns',
      'approximated',
      'dnsConfig.nameservers, after the cluster DNS (which must come first for Service names; two more at most)',
      at('dnsConfig'),
    );
  }
  if (service.dnsSearch !== undefined && service.dnsSearch.length > 0) {
    config.searches = [...service.dnsSearch];
    ctx.note(
      key,
      'dns_search',
      'approximated',
      "dnsConfig.searches, after the cluster's",
      at('dnsConfig'),
    );
  }
  if (service.dnsOpts !== undefined && service.dnsOpts.length > 0) {
    config.options = service.dnsOpts.map((o) => {
      const [name, value] = o.split(':', 2) as [string, string | undefined];
      return value === undefined ? { name } : { name, value };
    });
    ctx.note(key, 'dns_opt', 'mapped', 'dnsConfig.options', at('dnsConfig'));
  }
  if (Object.keys(config).length > 0) out.dnsConfig = config;
}

function hostAliases(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  target: string,
): { ip: string; hostnames: string[] }[] {
  const byIp = new Map<string, string[]>();
  for (const [host, addresses] of Object.entries(service.extraHosts ?? {})) {
    for (const ip of addresses) {
      if (ip === 'host-gateway') {
        ctx.note(key, `extra_hosts.${host}`, 'dropped', 'host-gateway has no meaning in a cluster');
        continue;
      }
      byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
      ctx.note(key, `extra_hosts.${host}`, 'mapped', 'hostAliases', target);
    }
  }
  return [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}

const PLACEMENT = /^\s*node\.(labels\.(\S+)|hostname|platform\.os|platform\.arch)\s*==\s*(\S+)\s*$/;

function nodeSelector(
  ctx: KubeContext,
  key: string,
  service: ServiceConfig,
  target: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (service.platform !== undefined) {
    const [os, arch] = service.platform.split('/');
    if (os) out['kubernetes.io/os'] = os;
    if (arch) out['kubernetes.io/arch'] = arch;
    ctx.note(
      key,
      'platform',
      'approximated',
      'nodeSelector kubernetes.io/os and kubernetes.io/arch: pods run on nodes of that platform (the variant is not selected)',
      target,
    );
  }
  const placement = service.deploy?.placement;
  (placement?.constraints ?? []).forEach((c, i) => {
    const path = `deploy.placement.constraints[${i}]`;
    const m = PLACEMENT.exec(c);
    if (!m) {
      ctx.note(
        key,
        path,
        'dropped',
        'only == constraints on node labels, hostname and platform are converted',
      );
      return;
    }
    const label =
      (m[2] as string | undefined) ??
      (m[1] === 'hostname'
        ? 'kubernetes.io/hostname'
        : m[1] === 'platform.os'
          ? 'kubernetes.io/os'
          : 'kubernetes.io/arch');
    out[label] = m[3];
    ctx.note(
      key,
      path,
      'approximated',
      `nodeSelector ${label}: the nodes need that Kubernetes label (swarm node labels are not copied)`,
      target,
    );
  });
  (placement?.preferences ?? []).forEach((_p, i) => {
    ctx.note(
      key,
      `deploy.placement.preferences[${i}]`,
      'dropped',
      'spread preferences are not converted',
    );
  });
  if (placement?.maxReplicasPerNode !== undefined) {
    ctx.note(
      key,
      'deploy.placement.max_replicas_per_node',
      'dropped',
      'not converted (use pod anti-affinity)',
    );
  }
  return out;
}
