// `ports:` and `deploy.endpoint_mode` of a service as a Swarm endpoint spec.
import type { EndpointSpec, SwarmPortConfig } from '../engine/index.js';
import type { ServiceConfig } from '../model/service.js';
import { SpecError, type Issues } from './issues.js';

/**
 * The service's endpoint: its resolution mode (`vip` unless `dnsrr`) and published ports,
 * sorted so that the spec does not change with the order written. A published range for one
 * target (`8000-8010:80`, where a container engine picks a free port) cannot be published by
 * Swarm: its first port is used and a warning says so; `host_ip` cannot be honoured either.
 * @throws SpecError when an `ingress` port is used with `endpoint_mode: dnsrr`, which the engine refuses
 */
export function serviceEndpoint(service: ServiceConfig, issues: Issues): EndpointSpec {
  const mode = (service.deploy?.endpointMode ?? '').toLowerCase() || 'vip';
  const ports: SwarmPortConfig[] = [];
  (service.ports ?? []).forEach((p, i) => {
    const path = ['services', service.name, 'ports', i] as const;
    const publishMode = p.mode ?? 'ingress';
    if (publishMode === 'ingress' && mode === 'dnsrr') {
      throw new SpecError(
        [...path, 'mode'],
        `service ${service.name}: port ${p.target} is published in ingress mode, which Swarm refuses with endpoint_mode: dnsrr (publish it with mode: host)`,
      );
    }
    if (p.hostIp !== undefined && p.hostIp !== '' && p.hostIp !== '0.0.0.0') {
      issues.unsupported(
        [...path, 'host_ip'],
        `service ${service.name}: host_ip ${p.hostIp} is not supported by Swarm: port ${p.target} is published on every address`,
      );
    }
    let published: number | undefined;
    if (p.published !== undefined && p.published !== '') {
      const parts = p.published.split('-');
      const first = parts[0];
      const last = parts.at(1);
      published = Number.parseInt(first, 10);
      if (last !== undefined && last !== first) {
        issues.unsupported(
          [...path, 'published'],
          `service ${service.name}: Swarm publishes one port per target: port ${p.target} is published on ${first}, not anywhere in ${p.published}`,
        );
      }
    }
    const port: SwarmPortConfig = {
      Protocol: p.protocol ?? 'tcp',
      TargetPort: p.target,
      PublishedPort: published ?? 0,
      PublishMode: publishMode,
    };
    if (p.name !== undefined && p.name !== '') port.Name = p.name;
    ports.push(port);
  });
  ports.sort(comparePorts);
  return { Mode: mode, Ports: ports };
}

function comparePorts(a: SwarmPortConfig, b: SwarmPortConfig): number {
  return (
    a.TargetPort - b.TargetPort ||
    (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) ||
    compare(a.Protocol ?? '', b.Protocol ?? '') ||
    compare(a.PublishMode ?? '', b.PublishMode ?? '')
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when the endpoint needs IPVS on the nodes: a virtual IP or the ingress routing mesh. */
export function needsIpvs(endpoint: EndpointSpec): { vip: boolean; ingress: boolean } {
  return {
    vip: endpoint.Mode !== 'dnsrr',
    ingress: (endpoint.Ports ?? []).some((p) => p.PublishMode === 'ingress'),
  };
}
