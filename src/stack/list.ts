// `stack ls` and `stack services`: what the swarm's services say about the stacks.
import type {
  StackCallOptions,
  StackService,
  StackServicesOptions,
  StackSummary,
} from '../api/stack.js';
import type { ComposeContext } from '../compose/context.js';
import type { SwarmService } from '../engine/index.js';
import { STACK_LABEL, stackFilter } from '../swarm/stack-labels.js';
import { checkStackName } from './stack-name.js';

/** `stack ls`: every stack with its number of services, in natural name order. */
export async function listStacks(
  ctx: ComposeContext,
  options: StackCallOptions = {},
): Promise<StackSummary[]> {
  const services = await ctx.engine.services.list({
    filters: { label: [STACK_LABEL.namespace] },
    signal: options.signal,
  });
  const counts = new Map<string, number>();
  for (const s of services) {
    const name = s.Spec.Labels?.[STACK_LABEL.namespace];
    if (name === undefined) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, services: count }))
    .sort((a, b) => naturalCompare(a.name, b.name));
}

/** `stack services`: the stack's services with their task counts, in natural name order. */
export async function stackServices(
  ctx: ComposeContext,
  stack: string,
  options: StackServicesOptions = {},
): Promise<StackService[]> {
  checkStackName(stack);
  const filters = {
    ...options.filters,
    label: [...(options.filters?.label ?? []), ...stackFilter(stack).label],
  };
  const services = await ctx.engine.services.list({
    filters,
    status: true,
    signal: options.signal,
  });
  return services.map(summary).sort((a, b) => naturalCompare(a.name, b.name));
}

function summary(s: SwarmService): StackService {
  const mode = s.Spec.Mode ?? {};
  const status = s.ServiceStatus;
  return {
    id: s.ID,
    name: s.Spec.Name,
    mode:
      mode.Global != null
        ? 'global'
        : mode.ReplicatedJob != null
          ? 'replicated job'
          : mode.GlobalJob != null
            ? 'global job'
            : 'replicated',
    running: status?.RunningTasks ?? 0,
    desired: status?.DesiredTasks ?? 0,
    completed: status?.CompletedTasks,
    image: s.Spec.TaskTemplate.ContainerSpec?.Image ?? '',
    ports: (s.Endpoint?.Ports ?? [])
      .filter((p) => p.PublishMode === 'ingress')
      .map((p) => `*:${p.PublishedPort ?? 0}->${p.TargetPort}/${p.Protocol ?? 'tcp'}`),
  };
}

/**
 * Compares names as the docker CLI sorts them (`sortorder.NaturalLess`): runs of digits by
 * value, so `s2` comes before `s10`.
 */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
