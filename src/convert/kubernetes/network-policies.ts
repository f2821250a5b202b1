/**
 * Compose networks isolate: a container is reachable only from containers on a network it
 * joins, and an `internal` network has no way out. Each pod carries a label per network it
 * joins (`networks.flotilla.dev/<network>: "true"`), and each network becomes a NetworkPolicy
 * that admits traffic to its members from its members only. Policies add up, so a pod on two
 * networks is reachable from both, as with compose. An internal network's policy also limits
 * its members' egress to the network and DNS; when a project has internal networks, the other
 * networks' policies allow all egress, so that a pod also on a normal network still gets out.
 * Published ports that `--expose` opens get a policy admitting anyone to those ports.
 */
import type { KubeContext } from './context.js';
import { networkLabel, PART_OF_LABEL, projectLabels, selectorLabels } from './labels.js';
import { dnsName } from './names.js';
import type { ExposedPorts } from './service-objects.js';

/** The pod label of each compose network a service joins. */
export function networkPodLabels(
  ctx: KubeContext,
  networks: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of networks) out[networkLabel(networkLabelName(ctx, n))] = 'true';
  return out;
}

function networkLabelName(ctx: KubeContext, network: string): string {
  let name = ctx.networkNames.get(network);
  if (name === undefined) {
    name = ctx.claim('network label', dnsName(network), `network ${JSON.stringify(network)}`);
    ctx.networkNames.set(network, name);
  }
  return name;
}

/** Makes the NetworkPolicies of the project's networks and exposed ports, reporting networks. */
export function networkPolicies(ctx: KubeContext, exposed: ExposedPorts): void {
  const members = new Map<string, string[]>();
  for (const plan of ctx.plans.values()) {
    for (const n of plan.networks) members.set(n, [...(members.get(n) ?? []), plan.key]);
  }
  const anyInternal = [...members.keys()].some(
    (n) =>
      (ctx.project.networks[n] as (typeof ctx.project.networks)[string] | undefined)?.internal ===
      true,
  );
  const labels = projectLabels(ctx.projectLabel);
  for (const [key, config] of Object.entries(ctx.project.networks)) {
    const path = `networks.${key}`;
    const who = members.get(key) ?? [];
    if (who.length === 0) {
      ctx.report.resource({ path, outcome: 'mapped', reason: 'no service joins it: no policy' });
      continue;
    }
    const label = networkLabel(networkLabelName(ctx, key));
    const name = dnsName(`network-${key}`);
    ctx.claim('NetworkPolicy', name, `network ${JSON.stringify(key)}`);
    const members_ = { matchLabels: { [PART_OF_LABEL]: ctx.projectLabel, [label]: 'true' } };
    const internal = config.internal === true;
    const spec: Record<string, unknown> = {
      podSelector: members_,
      policyTypes: internal || anyInternal ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: [{ from: [{ podSelector: members_ }] }],
    };
    if (internal) {
      spec.egress = [
        { to: [{ podSelector: members_ }] },
        {
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ];
    } else if (anyInternal) {
      spec.egress = [{}];
    }
    ctx.add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, labels },
      spec,
    });
    const target = `NetworkPolicy/${name}`;
    ctx.report.resource({
      path,
      outcome: config.external === true ? 'approximated' : 'mapped',
      target,
      reason:
        (config.external === true
          ? 'external: pods of other projects on it are not selected; '
          : '') +
        `${who.join(', ')} accept${who.length === 1 ? 's' : ''} connections from pods on ${key} only (enforced when the cluster's network plugin enforces NetworkPolicies)`,
    });
    if (internal) {
      ctx.report.resource({
        path: `${path}.internal`,
        outcome: 'mapped',
        target,
        reason: 'egress limited to the pods of the network and DNS (port 53)',
      });
    }
    for (const [field, set] of [
      [
        'driver',
        config.driver !== undefined && config.driver !== 'bridge' && config.driver !== 'overlay',
      ],
      ['driver_opts', config.driverOpts !== undefined],
      ['ipam', (config.ipam.config ?? []).length > 0 || config.ipam.driver !== undefined],
      ['enable_ipv6', config.enableIpv6 === true],
      ['attachable', config.attachable === true],
    ] as const) {
      if (set) {
        ctx.report.resource({
          path: `${path}.${field}`,
          outcome: 'dropped',
          reason: 'the cluster network decides addressing and drivers',
        });
      }
    }
  }
  for (const [key, ports] of exposed) {
    const plan = ctx.plan(key);
    const name = dnsName(`${plan.name}-published`);
    ctx.claim('NetworkPolicy', name, `the published ports of service ${JSON.stringify(key)}`);
    ctx.add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, labels },
      spec: {
        podSelector: { matchLabels: selectorLabels(ctx.projectLabel, plan.name) },
        policyTypes: ['Ingress'],
        ingress: [{ ports: ports.map((p) => ({ protocol: p.protocol, port: p.port })) }],
      },
    });
  }
}
