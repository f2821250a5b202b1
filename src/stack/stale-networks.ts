// A stack network that `stack rm` removed from the swarm stays listed on a node, scope `swarm`,
// until the removed services' tasks there have stopped (seconds, or a task's whole grace
// period). A deploy in that window finds it under the stack's name and labels, and the swarm then
// refuses services on it: "network <id> not found". The docker CLI fails there; flotilla
// creates the network again and retries the service once.
import type { ComposeContext } from '../compose/context.js';
import type { ServiceSpec } from '../engine/index.js';
import type { StackNetworks } from '../swarm/networks.js';
import { createNetwork } from './networks.js';

/** Creates a stale stack network again: its new ID, or undefined for an ID the stack does not own. */
export type RenewNetwork = (staleId: string) => Promise<string | undefined>;

/**
 * The renewal for this deploy: each stale ID is created again once (by its stack name, from
 * `networks`), `ids` and every planned spec that names it are pointed at the new network.
 */
export function networkRenewal(
  ctx: ComposeContext,
  networks: StackNetworks,
  ids: Map<string, string>,
  specs: readonly ServiceSpec[],
  signal: AbortSignal | undefined,
): RenewNetwork {
  const renewed = new Map<string, Promise<string | undefined>>();
  const renew = async (staleId: string): Promise<string | undefined> => {
    const name = [...ids].find(([, id]) => id === staleId)?.[0];
    const body = name === undefined ? undefined : networks.create.get(name);
    if (name === undefined || body === undefined) return undefined;
    const id = await createNetwork(ctx, name, body, signal);
    ids.set(name, id);
    for (const spec of specs) retarget(spec, staleId, id);
    return id;
  };
  return (staleId) => {
    let done = renewed.get(staleId);
    if (done === undefined) {
      done = renew(staleId);
      renewed.set(staleId, done);
    }
    return done;
  };
}

/** The network ID in the swarm's "network <id> not found" refusal, if that is the error. */
export function staleNetworkId(err: unknown, spec: ServiceSpec): string | undefined {
  const message = err instanceof Error ? err.message : '';
  const id = /network (\S+) not found/.exec(message)?.[1];
  if (id === undefined) return undefined;
  return (spec.TaskTemplate.Networks ?? []).some((n) => n.Target === id) ? id : undefined;
}

/** Points `spec`'s attachments to network `from` at `to`. */
export function retarget(spec: ServiceSpec, from: string, to: string): void {
  for (const n of spec.TaskTemplate.Networks ?? []) if (n.Target === from) n.Target = to;
}
