// The stack's networks: created when missing (never updated, as with the docker CLI); the
// external ones must exist and be swarm-scoped.
import { ComposeError } from '../api/errors.js';
import type { ComposeContext } from '../compose/context.js';
import { emit, engineFailure } from '../compose/emit.js';
import { isEngineError, type NetworkCreateBody, type NetworkInspect } from '../engine/index.js';
import type { StackNetworks } from '../swarm/networks.js';

/** Networks every node has, which need no check. */
const PREDEFINED = new Set(['host', 'bridge', 'none', 'ingress']);

/**
 * Creates the stack networks that do not exist yet (`existing` lists the stack's; only
 * swarm-scoped ones count), concurrently, and checks the external ones.
 * @returns the networks' IDs by name: services are attached by ID, which is what the engine
 *   stores (and returns) whatever it was sent
 * @throws ComposeError `CONSISTENCY` for a missing or node-local external network, `ENGINE`
 */
export async function ensureNetworks(
  ctx: ComposeContext,
  networks: StackNetworks,
  existing: readonly NetworkInspect[],
  signal: AbortSignal | undefined,
): Promise<Map<string, string>> {
  const ids = await externalNetworkIds(ctx, networks, signal);
  // A stack network that stays behind as a node's local-scope copy (moby/moby#30064) is not one
  // the swarm can attach services to: it does not count, and the network is created again.
  for (const n of existing) if (n.Scope === 'swarm') ids.set(n.Name, n.Id);
  await Promise.all(
    [...networks.create]
      .filter(([name]) => !ids.has(name))
      .map(async ([name, body]) => {
        ids.set(name, await createNetwork(ctx, name, body, signal));
      }),
  );
  return ids;
}

/**
 * Creates one stack network, reporting Creating/Created (or Error).
 * @returns its ID
 * @throws ComposeError `ENGINE`
 */
export async function createNetwork(
  ctx: ComposeContext,
  name: string,
  body: NetworkCreateBody,
  signal: AbortSignal | undefined,
): Promise<string> {
  emit(ctx, 'network', name, 'Creating', 'working');
  let id: string;
  try {
    id = (await ctx.engine.networks.create(body, { signal })).Id;
  } catch (err) {
    emit(ctx, 'network', name, 'Error', 'error', (err as Error).message);
    throw engineFailure(err, `failed to create network ${name}`);
  }
  emit(ctx, 'network', name, 'Created');
  return id;
}

/**
 * The IDs of the stack's external networks, by name.
 * @throws ComposeError `CONSISTENCY` for a missing or node-local one, `ENGINE`
 */
export async function externalNetworkIds(
  ctx: ComposeContext,
  networks: StackNetworks,
  signal: AbortSignal | undefined,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const name of networks.external) {
    let scope: string | undefined;
    try {
      const found = await ctx.engine.networks.inspect(name, { signal });
      scope = found.Scope;
      ids.set(name, found.Id);
    } catch (err) {
      if (isEngineError(err, 404)) {
        throw new ComposeError(
          'CONSISTENCY',
          `network ${JSON.stringify(name)} is declared as external, but could not be found: create a swarm-scoped network (docker network create --driver overlay ${name}) before the stack is deployed`,
        );
      }
      throw engineFailure(err, `failed to inspect network ${name}`);
    }
    if (scope !== 'swarm' && !PREDEFINED.has(name)) {
      throw new ComposeError(
        'CONSISTENCY',
        `network ${JSON.stringify(name)} is declared as external, but it is not in the right scope: ${JSON.stringify(scope)} instead of "swarm"`,
      );
    }
  }
  return ids;
}
