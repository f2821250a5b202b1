// Removing a project network once its containers are gone. The engine releases a removed
// container's endpoint after the removal has returned, and with hundreds of containers going at
// once (or a busy machine) that takes seconds: the network is tried again, within a bound, for as
// long as only endpoints of removed containers hold it; a container that stays is named. An
// endpoint still listed 30 s after its container went is force-disconnected, as
// `docker network disconnect -f` does.
import { isEngineError } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { sleep } from './emit.js';
import { emitEvent } from './project-containers.js';
import { errorText } from './stop.js';

/** A network to remove: its name (for messages) and ID (two may share the name). */
export interface NetworkRef {
  readonly name: string;
  readonly id: string;
}

/** How long, at most, the removal of a network waits for the engine to release endpoints (ms). */
export const NETWORK_RELEASE_BUDGET_MS = 60_000;

/** How long the endpoints of removed containers may linger before they are force-disconnected (ms). */
export const FORCE_DISCONNECT_AFTER_MS = 30_000;

/** Pause before the first retry (ms); each following pause doubles, up to {@link MAX_PAUSE_MS}. */
const FIRST_PAUSE_MS = 50;
const MAX_PAUSE_MS = 1000;

export interface RemoveNetworkOptions {
  /** IDs of the containers this command removed: their endpoints are on their way out. */
  readonly removed: ReadonlySet<string>;
  readonly signal?: AbortSignal | undefined;
  /** @default {@link NETWORK_RELEASE_BUDGET_MS} */
  readonly budgetMs?: number | undefined;
  /** @default {@link FORCE_DISCONNECT_AFTER_MS} */
  readonly forceAfterMs?: number | undefined;
  /** @default Date.now */
  readonly now?: (() => number) | undefined;
}

/**
 * Removes a network, reporting progress as docker compose does. While the engine says it is in
 * use, it is tried again (pauses of 50 ms doubling to 1 s) as long as the containers holding it
 * are ones this command removed (or none the engine can name) and the budget lasts. A network
 * left in place is reported as `Resource is still in use` with a warning that says why: the
 * containers of other projects (or services) still on it, or the endpoints the engine did not
 * release in time. Neither makes the command fail, as with docker compose.
 * @throws the engine's error for any other failure
 */
export async function removeNetwork(
  ctx: ComposeContext,
  network: NetworkRef,
  options: RemoveNetworkOptions,
): Promise<void> {
  const { name, id } = network;
  const signal = options.signal;
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + (options.budgetMs ?? NETWORK_RELEASE_BUDGET_MS);
  const forced = new Set<string>();
  emitEvent(ctx, 'network', name, 'working', 'Removing');
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
    let failure: Error | undefined;
    try {
      await ctx.engine.networks.remove(id, { signal });
    } catch (err) {
      failure = err as Error;
    }
    if (failure === undefined || isEngineError(failure, 404)) {
      emitEvent(ctx, 'network', name, 'done', 'Removed');
      return;
    }
    if (!networkInUse(failure)) {
      emitEvent(ctx, 'network', name, 'error', 'Error', errorText(failure));
      throw failure;
    }
    const holders = await endpointsOn(ctx, id, signal);
    const staying = holders.filter((h) => h.container && !options.removed.has(h.id));
    if (staying.length > 0) {
      emitEvent(ctx, 'network', name, 'warning', 'Resource is still in use');
      ctx.warn(
        `network ${name} was not removed: containers ${staying.map((h) => h.name).join(', ')} still use it`,
      );
      return;
    }
    if (now() - started >= (options.forceAfterMs ?? FORCE_DISCONNECT_AFTER_MS)) {
      await forceDisconnect(ctx, id, holders, forced, signal);
    }
    if (now() + pause > deadline) {
      emitEvent(ctx, 'network', name, 'warning', 'Resource is still in use');
      const seconds = Math.round((options.budgetMs ?? NETWORK_RELEASE_BUDGET_MS) / 1000);
      const what =
        holders.length > 0
          ? `the endpoints of removed containers ${holders.map((h) => h.name).join(', ')}`
          : 'endpoints it does not list';
      ctx.warn(
        `network ${name} was not removed: the engine still counted ${what} on it ${seconds} s after their containers were removed (${errorText(failure)}); run down again to remove it`,
      );
      return;
    }
    await sleep(pause, signal);
  }
}

/**
 * Force-disconnects the endpoints that removed containers left on the network (each once; the
 * engine finds a gone container's endpoint by its name). Failures are left to the next attempt.
 */
async function forceDisconnect(
  ctx: ComposeContext,
  id: string,
  holders: readonly { id: string; name: string }[],
  forced: Set<string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const fresh = holders.filter((h) => !forced.has(h.id));
  for (const h of fresh) forced.add(h.id);
  await Promise.all(
    fresh.map((h) =>
      ctx.engine.networks
        .disconnect(id, { Container: h.name, Force: true }, { signal })
        .catch(() => undefined),
    ),
  );
}

/** The engine's answer to removing a network that endpoints still hold. */
function networkInUse(err: unknown): boolean {
  return (
    isEngineError(err, 403) || isEngineError(err, 409) || /active endpoints/.test(errorText(err))
  );
}

/**
 * What the engine lists on a network: containers by ID and name, and endpoints left by removed
 * containers (`ep-…` keys, no container). An unreadable network lists nothing.
 */
async function endpointsOn(
  ctx: ComposeContext,
  id: string,
  signal: AbortSignal | undefined,
): Promise<{ id: string; name: string; container: boolean }[]> {
  try {
    const inspected = await ctx.engine.networks.inspect(id, { signal });
    return Object.entries(inspected.Containers ?? {}).map(([key, c]) => ({
      id: key,
      name: c.Name,
      container: !key.startsWith('ep-'),
    }));
  } catch {
    return [];
  }
}
