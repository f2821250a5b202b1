// What a stack has on the swarm, read in one round: the lists of the stack's services,
// networks, secrets and configs go out together.
import type { ComposeContext } from '../compose/context.js';
import {
  isEngineError,
  type NetworkInspect,
  type SwarmConfig,
  type SwarmSecret,
  type SwarmService,
} from '../engine/index.js';
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
 * Lists the stack's objects (by the docker CLI's namespace label), concurrently. An engine that
 * is not a swarm manager refuses the lists (503); only then is it asked why (`/info`, which a
 * busy manager is slow to answer), for an error that says how to get a swarm.
 * @throws ComposeError `ENGINE` from {@link requireManager}, or the first failed list
 */
export async function observeStack(
  ctx: ComposeContext,
  stack: string,
  signal: AbortSignal | undefined,
): Promise<ObservedStack> {
  const filters = stackFilter(stack);
  const [services, networks, secrets, configs] = await Promise.allSettled([
    ctx.engine.services.list({ filters, signal }),
    ctx.engine.networks.list({ filters, signal }),
    ctx.engine.secrets.list({ filters, signal }),
    ctx.engine.configs.list({ filters, signal }),
  ]);
  for (const r of [services, networks, secrets, configs]) {
    if (r.status !== 'rejected') continue;
    if (isEngineError(r.reason, 503)) await requireManager(ctx, signal);
    throw r.reason;
  }
  const value = <T>(r: PromiseSettledResult<T>): T => (r as PromiseFulfilledResult<T>).value;
  return {
    services: value(services),
    networks: value(networks),
    secrets: value(secrets),
    configs: value(configs),
  };
}
