// `stack rm`: a stack's services, secrets, configs and networks (its volumes only when asked).
import { ComposeError } from '../api/errors.js';
import type { StackRemoveOptions } from '../api/stack.js';
import type { ComposeContext } from '../compose/context.js';
import { emit, sleep } from '../compose/emit.js';
import { isEngineError } from '../engine/index.js';
import { stackFilter } from '../swarm/stack-labels.js';
import { observeStack } from './observed.js';
import { checkStackName } from './stack-name.js';

/** How long removals that wait for tasks to go may take. */
const REMOVAL_WAIT_MS = 120_000;

/**
 * `stack rm`: removes each stack's services, then its secrets, configs and networks, as
 * `docker stack rm` does; a stack with nothing is reported (`Nothing found in stack: x`). With
 * `volumes`, once the stack's tasks stopped on this node, its stopped containers (Swarm leaves
 * those of completed jobs) and its volumes on this node are removed too; the nodes that ran its
 * other tasks are named in a warning (their volumes stay).
 * @throws ComposeError `ENGINE` listing what could not be removed
 */
export async function removeStack(
  ctx: ComposeContext,
  stacks: readonly string[],
  options: StackRemoveOptions = {},
): Promise<void> {
  for (const s of stacks) checkStackName(s);
  const failures: string[] = [];
  for (const stack of stacks) {
    failures.push(...(await removeOne(ctx, stack, options)));
  }
  if (failures.length > 0) {
    throw new ComposeError('ENGINE', `failed to remove some resources:\n${failures.join('\n')}`);
  }
}

async function removeOne(
  ctx: ComposeContext,
  stack: string,
  options: StackRemoveOptions,
): Promise<string[]> {
  const signal = options.signal;
  const filters = stackFilter(stack);
  const [{ services, networks, secrets, configs }, tasks] = await Promise.all([
    observeStack(ctx, stack, signal),
    options.volumes === true ? ctx.engine.tasks.list({ filters, signal }) : Promise.resolve([]),
  ]);
  if (
    services.length + networks.length + secrets.length + configs.length === 0 &&
    options.volumes !== true
  ) {
    ctx.info?.(`Nothing found in stack: ${stack}`);
    return [];
  }
  const failures: string[] = [];
  const remove = async (
    kind: 'service' | 'secret' | 'config' | 'network',
    name: string,
    call: () => Promise<void>,
  ): Promise<void> => {
    emit(ctx, kind, name, 'Removing', 'working');
    try {
      await call();
      emit(ctx, kind, name, 'Removed');
    } catch (err) {
      if (isEngineError(err, 404)) {
        emit(ctx, kind, name, 'Removed');
        return;
      }
      emit(ctx, kind, name, 'Error', 'error', (err as Error).message);
      failures.push(`failed to remove ${kind} ${name}: ${(err as Error).message}`);
    }
  };
  await Promise.all(
    services.map((s) =>
      remove('service', s.Spec.Name, () => ctx.engine.services.remove(s.ID, { signal })),
    ),
  );
  await Promise.all([
    ...secrets.map((s) =>
      remove('secret', s.Spec.Name, () => ctx.engine.secrets.remove(s.ID, { signal })),
    ),
    ...configs.map((c) =>
      remove('config', c.Spec.Name, () => ctx.engine.configs.remove(c.ID, { signal })),
    ),
  ]);
  await Promise.all(
    networks.map((n) => remove('network', n.Name, () => removeNetwork(ctx, n.Id, signal))),
  );
  if (options.volumes === true) {
    // Only the nodes that ran tasks of services mounting named volumes can hold the stack's.
    const withVolumes = new Set(
      services
        .filter((s) =>
          (s.Spec.TaskTemplate.ContainerSpec?.Mounts ?? []).some(
            (m) => m.Type === 'volume' && (m.Source ?? '') !== '',
          ),
        )
        .map((s) => s.ID),
    );
    const holders = tasks.filter((t) => withVolumes.has(t.ServiceID));
    failures.push(...(await removeVolumes(ctx, stack, holders, signal)));
  }
  return failures;
}

/** Removes a network, retrying while tasks that are shutting down still hold it. */
async function removeNetwork(
  ctx: ComposeContext,
  id: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const deadline = Date.now() + REMOVAL_WAIT_MS;
  for (;;) {
    try {
      await ctx.engine.networks.remove(id, { signal });
      return;
    } catch (err) {
      const busy = isEngineError(err) && /in use|active endpoints/.test(err.message);
      if (!busy || Date.now() >= deadline) throw err;
      await sleep(100, signal);
    }
  }
}

/**
 * Removes the stack's volumes on the node this engine is, once no task of the stack runs here
 * any more; warns about the other nodes that ran the stack's tasks.
 */
async function removeVolumes(
  ctx: ComposeContext,
  stack: string,
  tasks: readonly { NodeID?: string | undefined }[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const filters = stackFilter(stack);
  const info = await ctx.engine.info({ signal });
  const here = info.Swarm.NodeID;
  // The stack's containers on this node hold its volumes until the engine removes them; the
  // containers of completed job tasks are never removed by Swarm: those go here.
  const deadline = Date.now() + REMOVAL_WAIT_MS;
  while (
    (await ctx.engine.containers.list({ filters, signal })).length > 0 &&
    Date.now() < deadline
  ) {
    await sleep(500, signal);
  }
  const failures: string[] = [];
  for (const c of await ctx.engine.containers.list({ all: true, filters, signal })) {
    try {
      await ctx.engine.containers.remove(c.Id, { signal });
    } catch (err) {
      if (!isEngineError(err, 404))
        failures.push(`failed to remove container ${c.Id.slice(0, 12)}: ${(err as Error).message}`);
    }
  }
  const { Volumes } = await ctx.engine.volumes.list({ filters, signal });
  await Promise.all(
    Volumes.map(async (v) => {
      emit(ctx, 'volume', v.Name, 'Removing', 'working');
      try {
        await ctx.engine.volumes.remove(v.Name, { signal });
        emit(ctx, 'volume', v.Name, 'Removed');
      } catch (err) {
        emit(ctx, 'volume', v.Name, 'Error', 'error', (err as Error).message);
        failures.push(`failed to remove volume ${v.Name}: ${(err as Error).message}`);
      }
    }),
  );
  const elsewhere = new Set(tasks.map((t) => t.NodeID ?? '').filter((n) => n !== '' && n !== here));
  if (elsewhere.size > 0) {
    const nodes = await ctx.engine.nodes.list({ signal });
    const names = nodes
      .filter((n) => elsewhere.has(n.ID))
      .map((n) => n.Description?.Hostname ?? n.ID);
    ctx.warn(
      `volumes are local to each node: the stack's volumes on ${names.sort().join(', ')} were not removed (remove them on those nodes with docker volume rm)`,
    );
  }
  return failures;
}
