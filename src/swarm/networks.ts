// The stack's networks: the ones its services use, created as overlay networks unless a driver
// is given, and the services' attachments to them.
import type { NetworkAttachmentConfig, NetworkCreateBody } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { SpecError, type Issues } from './issues.js';
import { objectName, withStackLabel } from './stack-labels.js';

/** The networks a stack needs. */
export interface StackNetworks {
  /** Create bodies of the networks the stack owns, by engine name. */
  readonly create: ReadonlyMap<string, NetworkCreateBody>;
  /** Engine names of the external networks its services join. */
  readonly external: readonly string[];
}

/** The network keys a service joins: its `networks:`, else `default`. */
export function serviceNetworkKeys(service: ServiceConfig): string[] {
  const keys = Object.keys(service.networks ?? {});
  return keys.length > 0 ? keys : ['default'];
}

/**
 * The networks the services use, as `docker stack deploy` creates them (overlay by default,
 * the stack label added), with the IPAM pools in full (the docker CLI keeps only subnets).
 */
export function stackNetworks(
  stack: string,
  project: Pick<Project, 'name' | 'networks' | 'services'>,
): StackNetworks {
  const used = new Set<string>();
  for (const s of Object.values(project.services))
    for (const k of serviceNetworkKeys(s)) used.add(k);
  const create = new Map<string, NetworkCreateBody>();
  const external: string[] = [];
  for (const key of [...used].sort()) {
    const n = Object.hasOwn(project.networks, key) ? project.networks[key] : undefined;
    if (n?.external === true) {
      external.push(n.name);
      continue;
    }
    const name = n === undefined ? `${stack}_${key}` : objectName(stack, project.name, key, n);
    const body: NetworkCreateBody = {
      Name: name,
      Driver: n?.driver !== undefined && n.driver !== '' ? n.driver : 'overlay',
      Labels: withStackLabel(stack, n?.labels),
    };
    if (n?.driverOpts !== undefined) body.Options = { ...n.driverOpts };
    if (n?.internal === true) body.Internal = true;
    if (n?.attachable === true) body.Attachable = true;
    if (n?.enableIpv6 === true) body.EnableIPv6 = true;
    const ipam = n?.ipam;
    if (
      ipam !== undefined &&
      (ipam.driver !== undefined || (ipam.config ?? []).length > 0 || ipam.options !== undefined)
    ) {
      body.IPAM = {
        ...(ipam.driver !== undefined ? { Driver: ipam.driver } : {}),
        Config: (ipam.config ?? []).map((c) => ({
          ...(c.subnet !== undefined ? { Subnet: c.subnet } : {}),
          ...(c.ipRange !== undefined ? { IPRange: c.ipRange } : {}),
          ...(c.gateway !== undefined ? { Gateway: c.gateway } : {}),
          ...(c.auxAddresses !== undefined ? { AuxiliaryAddresses: { ...c.auxAddresses } } : {}),
        })),
        ...(ipam.options !== undefined ? { Options: { ...ipam.options } } : {}),
      };
    }
    create.set(name, body);
  }
  return { create, external };
}

/** Networks every node has, which take no aliases. */
const PREDEFINED = new Set(['host', 'bridge', 'none', 'default']);

/**
 * The service's network attachments, sorted by network name: its aliases plus its own name on
 * user-defined networks (so that other services reach it by name), and the driver options.
 * Addresses and MAC addresses cannot be chosen on Swarm: a warning each.
 */
export function serviceAttachments(
  stack: string,
  project: Pick<Project, 'name' | 'networks'>,
  service: ServiceConfig,
  issues: Issues,
): NetworkAttachmentConfig[] {
  const out: NetworkAttachmentConfig[] = [];
  for (const key of serviceNetworkKeys(service)) {
    const n = Object.hasOwn(project.networks, key) ? project.networks[key] : undefined;
    if (n === undefined && key !== 'default') {
      throw new SpecError(
        ['services', service.name, 'networks', key],
        `service ${service.name} uses undefined network ${key}`,
      );
    }
    const target = n === undefined ? `${stack}_${key}` : objectName(stack, project.name, key, n);
    const attach = service.networks?.[key] ?? null;
    const aliases = [...(attach?.aliases ?? [])];
    if (!PREDEFINED.has(target) && !target.startsWith('container:')) aliases.push(service.name);
    const config: NetworkAttachmentConfig = { Target: target, Aliases: aliases };
    if (attach?.driverOpts !== undefined) config.DriverOpts = { ...attach.driverOpts };
    out.push(config);
    const path = ['services', service.name, 'networks', key];
    for (const [field, value] of [
      ['ipv4_address', attach?.ipv4Address],
      ['ipv6_address', attach?.ipv6Address],
      ['link_local_ips', attach?.linkLocalIps],
      ['mac_address', attach?.macAddress],
      ['interface_name', attach?.interfaceName],
      ['priority', attach?.priority],
      ['gw_priority', attach?.gatewayPriority],
    ] as const) {
      if (value === undefined) continue;
      issues.unsupported(
        [...path, field],
        `service ${service.name}: networks.${key}.${field} is not supported by Swarm and is ignored`,
      );
    }
  }
  return out.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
}
