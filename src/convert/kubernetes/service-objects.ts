/**
 * How services are reached: a Service per service with ports (ClusterIP on the container
 * ports, which is how other services reach it under compose too), a headless Service without
 * ports for a service others depend on (its name then resolves to its pods, any port works),
 * Services for network aliases and link aliases, and, only when asked (`--expose`), the
 * published ports outside the cluster: a NodePort or LoadBalancer Service, an Ingress, or
 * hostPort. Never hostPort unless asked.
 */
import type { ExposeRule } from '../../api/convert.js';
import type { PortConfig } from '../../model/service-parts.js';
import type { KubeContext, PlannedPort, ServicePlan } from './context.js';
import { selectorLabels, serviceLabels } from './labels.js';
import { dnsName } from './names.js';

/** A container port as the pod spec lists it. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  hostPort?: number;
  hostIP?: string;
}

/** Published ports of a service that were exposed, by service key (NetworkPolicy input). */
export type ExposedPorts = Map<string, PlannedPort[]>;

/** The first number of a published port (`8080`, `8000-8010`). */
function publishedNumber(p: PortConfig): number | undefined {
  if (p.published === undefined) return undefined;
  const n = Number.parseInt(p.published, 10);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : undefined;
}

/** The rule for a service: its own, else the general one. */
function ruleFor(rules: readonly ExposeRule[], key: string): ExposeRule | undefined {
  return rules.find((r) => r.service === key) ?? rules.find((r) => r.service === undefined);
}

/**
 * Makes the Services (and Ingress) of one service and returns its container ports.
 * @param exposed receives the ports made reachable from outside
 */
export function serviceObjects(
  ctx: KubeContext,
  plan: ServicePlan,
  where: string,
  exposed: ExposedPorts,
): ContainerPort[] {
  const key = plan.key;
  const service = plan.config;
  const labels = serviceLabels(ctx.projectLabel, plan.name, key);
  const selector = selectorLabels(ctx.projectLabel, plan.name);
  const containerPorts: ContainerPort[] = (plan.service?.ports ?? []).map((p) => ({
    name: p.name,
    containerPort: p.port,
    protocol: p.protocol,
  }));
  const specPorts = (ports: readonly PlannedPort[]) =>
    ports.map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.port,
      protocol: p.protocol,
      ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
    }));
  const makeService = (name: string, owner: string): void => {
    const s = plan.service!;
    ctx.claim('Service', name, owner);
    ctx.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: {
        type: 'ClusterIP',
        ...(s.headless ? { clusterIP: 'None' } : {}),
        selector,
        ...(s.ports.length > 0 ? { ports: specPorts(s.ports) } : {}),
      },
    });
  };
  if (plan.service !== undefined) {
    const s = plan.service;
    makeService(s.name, `service ${JSON.stringify(key)}`);
    if (s.name !== key) {
      ctx.note(
        key,
        '',
        'approximated',
        `${JSON.stringify(key)} is not a valid Service name: other services reach it as ${s.name}`,
        `Service/${s.name}`,
      );
    }
    if (s.ports.length === 0) {
      ctx.note(
        key,
        '',
        'mapped',
        `headless Service ${s.name} without ports: others depend on it, and its name resolves to its pods on any port, as under compose`,
        `Service/${s.name}`,
      );
    }
    if (service.deploy?.endpointMode !== undefined) {
      ctx.note(
        key,
        'deploy.endpoint_mode',
        'mapped',
        s.headless ? 'a headless Service: the name resolves to every pod' : 'a ClusterIP Service',
        `Service/${s.name}`,
      );
    }
  }
  (service.expose ?? []).forEach((_e, i) => {
    ctx.note(key, `expose[${i}]`, 'mapped', `port of Service ${plan.name}`, `Service/${plan.name}`);
  });

  const rule = ruleFor(ctx.options.expose, key);
  const published: (PlannedPort & { hostPort?: number })[] = [];
  (service.ports ?? []).forEach((p, i) => {
    const path = `ports[${i}]`;
    const inner = plan.service!.ports.find(
      (x) => x.port === p.target && x.protocol === (p.protocol ?? 'tcp').toUpperCase(),
    )!;
    const hostPort = publishedNumber(p);
    const hostText = p.published === undefined ? 'a random host port' : `host port ${p.published}`;
    if (rule === undefined) {
      ctx.note(
        key,
        path,
        'approximated',
        `Service ${plan.name} port ${p.target} inside the cluster; ${hostText} is not published: convert with --expose nodeport, loadbalancer, ingress:HOST or hostport or use kubectl port-forward service/${plan.name} ${hostPort ?? p.target}:${p.target}`,
        `Service/${plan.name}`,
      );
      return;
    }
    if (published.some((x) => x.name === inner.name)) {
      ctx.note(
        key,
        path,
        'dropped',
        `container port ${p.target} is already published by an earlier entry: Kubernetes exposes a port once`,
      );
      return;
    }
    published.push({ ...inner, ...(hostPort !== undefined ? { hostPort } : {}) });
    if (p.hostIp !== undefined && p.hostIp !== '' && rule.mode !== 'hostport') {
      ctx.note(key, `${path}.host_ip`, 'dropped', 'a Service listens on every address');
    }
    if (rule.mode === 'hostport') {
      const cp = containerPorts.find(
        (c) => c.containerPort === inner.port && c.protocol === inner.protocol,
      );
      if (cp !== undefined && hostPort !== undefined) {
        cp.hostPort = hostPort;
        if (p.hostIp !== undefined && p.hostIp !== '') cp.hostIP = p.hostIp;
      }
      ctx.note(
        key,
        path,
        'approximated',
        `hostPort ${hostPort ?? '(none: no host port given)'} (--expose hostport): only on the node running the pod, and two pods cannot share a node`,
        `${where}.containers[0].ports`,
      );
    }
  });
  if (rule !== undefined && published.length > 0 && rule.mode !== 'hostport') {
    exposeOutside(ctx, plan, rule, published, labels, selector);
  }
  if (published.length > 0) exposed.set(key, published);
  aliasServices(ctx, plan, makeService);
  return containerPorts;
}

function exposeOutside(
  ctx: KubeContext,
  plan: ServicePlan,
  rule: ExposeRule,
  published: readonly (PlannedPort & { hostPort?: number })[],
  labels: Record<string, string>,
  selector: Record<string, string>,
): void {
  const key = plan.key;
  const indexOf = (p: PlannedPort) =>
    (plan.config.ports ?? []).findIndex(
      (x) => x.target === p.port && (x.protocol ?? 'tcp').toUpperCase() === p.protocol,
    );
  if (rule.mode === 'ingress') {
    const http = published.find((p) => p.protocol === 'TCP')!;
    const name = plan.name;
    ctx.claim('Ingress', name, `service ${JSON.stringify(key)}`);
    ctx.add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, labels },
      spec: {
        rules: [
          {
            host: rule.host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: plan.service!.name, port: { number: http.port } } },
                },
              ],
            },
          },
        ],
      },
    });
    for (const p of published) {
      ctx.note(
        key,
        `ports[${indexOf(p)}]`,
        p === http ? 'approximated' : 'dropped',
        p === http
          ? `Ingress ${name}: HTTP for host ${rule.host ?? ''} to port ${p.port} (an ingress controller must run in the cluster)`
          : 'an Ingress carries HTTP to one port; this one is not published',
        p === http ? `Ingress/${name}` : undefined,
      );
    }
    return;
  }
  const type = rule.mode === 'nodeport' ? 'NodePort' : 'LoadBalancer';
  const name = dnsName(`${plan.name}-published`);
  ctx.claim('Service', name, `the published ports of service ${JSON.stringify(key)}`);
  ctx.add({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: {
      type,
      selector,
      ports: published.map((p) => {
        const nodePort =
          type === 'NodePort' &&
          p.hostPort !== undefined &&
          p.hostPort >= 30000 &&
          p.hostPort <= 32767
            ? { nodePort: p.hostPort }
            : {};
        return {
          name: p.name,
          port: type === 'LoadBalancer' ? (p.hostPort ?? p.port) : p.port,
          targetPort: p.port,
          protocol: p.protocol,
          ...nodePort,
        };
      }),
    },
  });
  for (const p of published) {
    const exact =
      type === 'LoadBalancer' ||
      (p.hostPort !== undefined && p.hostPort >= 30000 && p.hostPort <= 32767);
    ctx.note(
      key,
      `ports[${indexOf(p)}]`,
      exact ? 'mapped' : 'approximated',
      type === 'LoadBalancer'
        ? `${type} Service ${name} on port ${p.hostPort ?? p.port} (the cluster must provide load balancers)`
        : exact
          ? `${type} Service ${name}: node port ${p.hostPort}`
          : `${type} Service ${name}: the cluster picks the node port (Kubernetes allows 30000-32767 only)`,
      `Service/${name}`,
    );
  }
}

/** Network aliases and link aliases become Services of their own, namespace-wide. */
function aliasServices(
  ctx: KubeContext,
  plan: ServicePlan,
  makeService: (name: string, owner: string) => void,
): void {
  const key = plan.key;
  const aliases: { alias: string; path: string; what: string }[] = [];
  for (const [net, cfg] of Object.entries(plan.config.networks ?? {})) {
    (cfg?.aliases ?? []).forEach((alias, i) => {
      aliases.push({ alias, path: `networks.${net}.aliases[${i}]`, what: `on network ${net}` });
    });
  }
  // `links: [db:database]` in another service gives this one an alias there.
  for (const other of ctx.plans.values()) {
    (other.config.links ?? []).forEach((link, i) => {
      const [target, alias] = link.split(':') as [string, string | undefined];
      if (target === key && alias !== undefined && alias !== target) {
        aliases.push({ alias, path: `@${other.key}.links[${i}]`, what: `for ${other.key}` });
      }
    });
  }
  const done = new Set<string>();
  for (const a of aliases) {
    const name = dnsName(a.alias);
    const noteOn = (
      outcome: 'approximated' | 'dropped' | 'mapped',
      reason: string,
      target?: string,
    ) => {
      if (a.path.startsWith('@')) {
        const [owner, sub] = a.path.slice(1).split(/\.(.*)/s, 2);
        ctx.note(owner, sub, outcome, reason, target);
      } else ctx.note(key, a.path, outcome, reason, target);
    };
    if (name === plan.name || done.has(name)) {
      noteOn('mapped', `the Service ${name} already answers to it`);
      continue;
    }
    if ([...ctx.plans.values()].some((p) => p.name === name)) {
      noteOn('dropped', `the alias is the name of service ${name}'s own Service`);
      continue;
    }
    if (plan.service === undefined) {
      noteOn('dropped', `${key} has no Service for the alias to point at`);
      continue;
    }
    done.add(name);
    makeService(name, `alias ${JSON.stringify(a.alias)} of service ${JSON.stringify(key)}`);
    const renamed =
      name === a.alias ? '' : ` (not a valid Service name: reachable as ${name}, not ${a.alias})`;
    noteOn(
      'approximated',
      `Service ${name} with the same pods${renamed}: the alias (${a.what} under compose) is visible to the whole namespace`,
      `Service/${name}`,
    );
  }
}
