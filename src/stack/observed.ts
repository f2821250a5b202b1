// What a stack has on the swarm, read in one round: the manager check and the lists of the
// stack's services, networks, secrets and configs go out together.
import type { ComposeContext } from '../compose/context.js';
import type { NetworkInspect, SwarmConfig, SwarmSecret, SwarmService } from '../engine/index.js';
import { stackFilter } from '../swarm/stack-labels.js';
import { requireManager } from './swarm-check.js';

/** The stack's objects on the swarm. */
export interface ObservedStack {
  readonly services: readonly SwarmService[];
  readonly networks: readonly NetworkInspect[];
  readonly secrets: readonly SwarmSecret[];
  readonly configs: readonly SwarmConfig[];
}

/**
 * Lists the stack's objects (by the docker CLI's namespace label), concurrently with the check
 * that the engine is a swarm manager, whose error wins: the lists fail too on an engine that is
 * not one.
 * @throws ComposeError `ENGINE` from {@link requireManager}, or the first failed list
 */
export async function observeStack(
  ctx: ComposeContext,
  stack: string,
  signal: AbortSignal | undefined,
): Promise<ObservedStack> {
  const filters = stackFilter(stack);
  const [manager, services, networks, secrets, configs] = await Promise.allSettled([
    requireManager(ctx, signal),
    ctx.engine.services.list({ filters, signal }),
    ctx.engine.networks.list({ filters, signal }),
    ctx.engine.secrets.list({ filters, signal }),
    ctx.engine.configs.list({ filters, signal }),
  ]);
  for (const r of [manager, services, networks, secrets, configs]) {
    if (r.status === 'rejected') throw r.reason;
  }
  const value = <T>(r: PromiseSettledResult<T>): T => (r as PromiseFulfilledResult<T>).value;
  return {
    services: value(services),
    networks: value(networks),
    secrets: value(secrets),
    configs: value(configs),
  };
}

/**
 * The GET calls {@link observeStack} makes (with `info`; `stack rm` makes them without), to
 * send ahead (EngineClient.prefetch).
 */
export function observeCalls(
  engine: ComposeContext['engine'],
  stack: string,
  info = true,
): readonly Promise<unknown>[] {
  const filters = stackFilter(stack);
  return [
    ...(info ? [engine.info()] : []),
    engine.services.list({ filters }),
    engine.networks.list({ filters }),
    engine.secrets.list({ filters }),
    engine.configs.list({ filters }),
  ];
}
