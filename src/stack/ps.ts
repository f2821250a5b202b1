// `stack ps`: the stack's tasks, named and ordered as `docker stack ps` shows them.
import { ComposeError } from '../api/errors.js';
import type { StackPsOptions, StackTask } from '../api/stack.js';
import type { ComposeContext } from '../compose/context.js';
import { stackFilter } from '../swarm/stack-labels.js';
import { naturalCompare } from './list.js';
import { checkStackName } from './stack-name.js';

/**
 * `stack ps`: every task of the stack (history included), named `<service>.<slot>` (or
 * `<service>.<node id>` for global services), by name, newest first within a name; nodes by
 * hostname.
 * @throws ComposeError `NOT_FOUND` `nothing found in stack: <name>`
 */
export async function stackPs(
  ctx: ComposeContext,
  stack: string,
  options: StackPsOptions = {},
): Promise<StackTask[]> {
  checkStackName(stack);
  const filters = {
    ...options.filters,
    label: [...(options.filters?.label ?? []), ...stackFilter(stack).label],
  };
  const [tasks, services, nodes] = await Promise.all([
    ctx.engine.tasks.list({ filters, signal: options.signal }),
    ctx.engine.services.list({ filters: stackFilter(stack), signal: options.signal }),
    ctx.engine.nodes.list({ signal: options.signal }),
  ]);
  if (tasks.length === 0) throw new ComposeError('NOT_FOUND', `nothing found in stack: ${stack}`);
  const serviceName = new Map(services.map((s) => [s.ID, s.Spec.Name]));
  const nodeName = new Map(
    nodes.map((n) => {
      const named = n.Spec.Name !== undefined && n.Spec.Name !== '' ? n.Spec.Name : undefined;
      return [n.ID, named ?? n.Description?.Hostname ?? n.ID];
    }),
  );
  const out = tasks.map((t): StackTask => {
    const service = serviceName.get(t.ServiceID) ?? t.ServiceID;
    const slot = t.Slot !== undefined && t.Slot !== 0 ? t.Slot : undefined;
    return {
      id: t.ID,
      name: `${service}.${slot ?? t.NodeID ?? ''}`,
      serviceName: service,
      slot,
      image: t.Spec.ContainerSpec?.Image ?? '',
      node: t.NodeID === undefined || t.NodeID === '' ? '' : (nodeName.get(t.NodeID) ?? t.NodeID),
      nodeId: t.NodeID ?? '',
      desiredState: t.DesiredState,
      state: t.Status.State,
      stateSince: t.Status.Timestamp,
      error: t.Status.Err ?? '',
      exitCode: t.Status.ContainerStatus?.ExitCode,
      ports: (t.Status.PortStatus?.Ports ?? []).map(
        (p) => `*:${p.PublishedPort ?? 0}->${p.TargetPort}/${p.Protocol ?? 'tcp'}`,
      ),
      createdAt: t.CreatedAt,
    };
  });
  return out.sort(
    (a, b) =>
      naturalCompare(a.name, b.name) ||
      (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0),
  );
}
