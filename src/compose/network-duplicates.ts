// Networks of the same name. The engine does not keep network names unique (API 1.41's
// `CheckDuplicate` is best effort: two creations at the same moment both pass the check), so two
// `up`s of one project started together can both create `<project>_default`. Every run then
// settles on the same one of them, and the one that made an extra network removes it.
import type { EndpointSettings, NetworkInspect } from '../engine/index.js';
import type { ContainerCreatePlan } from './container-config.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';

/** What the choice between same-named networks needs of each. */
type Candidate = Pick<NetworkInspect, 'Id' | 'Created'>;

/**
 * The network every run settles on among several of the same name: the oldest (`Created`, to the
 * nanosecond), then the lowest ID, so that all runs that see the same networks pick the same one.
 * @returns undefined for an empty list
 */
export function pickNetwork<T extends Candidate>(networks: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const n of networks) {
    if (best === undefined || compareCandidates(n, best) < 0) best = n;
  }
  return best;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const ta = createdKey(a.Created);
  const tb = createdKey(b.Created);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0;
}

/**
 * A creation time as a sortable string: milliseconds since the epoch and the fraction of the
 * second in nine digits. The engine prints RFC 3339 with the trailing zeros of the fraction
 * trimmed (`.5Z`, `.123456789Z`), which text comparison would order wrongly.
 */
export function createdKey(created: string | undefined): string {
  const m = /^([^.]*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/.exec(created ?? '');
  if (m === null) return '';
  const seconds = Date.parse(`${m[1]}${m.at(3) ?? 'Z'}`);
  if (Number.isNaN(seconds)) return '';
  const fraction = (m.at(2) ?? '').padEnd(9, '0').slice(0, 9);
  return `${String(seconds).padStart(15, '0')}.${fraction}`;
}

/**
 * The networks named exactly `name` (the engine's name filter also matches parts of names).
 * @throws ComposeError `ENGINE` when the list fails
 */
export async function networksNamed(
  ctx: ComposeContext,
  name: string,
  signal: AbortSignal | undefined,
): Promise<NetworkInspect[]> {
  try {
    const list = await ctx.engine.networks.list({ filters: { name: [name] }, signal });
    return list.filter((n) => n.Name === name);
  } catch (err) {
    throw engineFailure(err, `cannot list networks named ${name}`);
  }
}

/**
 * Called right after this run created network `created` (`name`): when other runs created one of
 * the same name meanwhile, every run keeps the same one, the first the engine completed, and this
 * run removes its own when it is not that one.
 *
 * Why the first completed: each run lists the networks once its own creation has completed, so
 * the run that lists first may see only its own network, which it keeps; every network completed
 * after that list is seen together with it by its own run. The engine's `create` events give the
 * order of completion (a network's `Created` time does not: the engine stamps it when creation
 * begins, and two creations at once may complete in the other order).
 * @returns the ID of the network to use
 */
export async function settleCreatedNetwork(
  ctx: ComposeContext,
  name: string,
  created: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const same = await networksNamed(ctx, name, signal);
  if (same.length <= 1) return created;
  const kept = await firstCompleted(ctx, name, same, signal);
  if (kept.Id === created) return created;
  try {
    await ctx.engine.networks.remove(created, { signal });
  } catch (err) {
    throw engineFailure(err, `cannot remove network ${name} (${created.slice(0, 12)}), made twice`);
  }
  return kept.Id;
}

/**
 * The network to use among `networks`, all named `name`, found by a run that did not create one
 * (or whose creation the engine refused as a duplicate): the one every creating run settles on
 * ({@link settleCreatedNetwork}), the first the engine completed. The oldest `Created` would not
 * do: a creating run that removes its own network by the engine's order would pull it from under
 * this run's containers.
 * @returns undefined for an empty list
 */
export async function settledNetwork<T extends NetworkInspect>(
  ctx: ComposeContext,
  name: string,
  networks: readonly T[],
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  if (networks.length <= 1) return networks[0];
  return firstCompleted(ctx, name, networks, signal);
}

/** How far back the engine's events are searched for the creation of same-named networks (s). */
const CREATION_WINDOW_S = 600;

/**
 * Of several same-named networks, the one whose `create` event the engine logged first. A
 * network without such an event in the last {@link CREATION_WINDOW_S} seconds existed before:
 * those come first, ordered by {@link pickNetwork}.
 */
async function firstCompleted<T extends NetworkInspect>(
  ctx: ComposeContext,
  name: string,
  networks: readonly T[],
  signal: AbortSignal | undefined,
): Promise<T> {
  const completed = new Map<string, number>();
  try {
    // Up to the engine's own clock now, which also ends the stream of past events.
    const info = await ctx.engine.info({ signal });
    const until = engineSeconds(info.SystemTime);
    if (until !== undefined) {
      const events = await ctx.engine.events({
        since: Math.max(0, Math.floor(Number(until)) - CREATION_WINDOW_S),
        until,
        filters: { type: ['network'], event: ['create'], network: [name] },
        signal,
      });
      // In the order the engine logged them (timeNano, as a JSON number, is not exact).
      for await (const e of events) {
        if (!completed.has(e.Actor.ID)) completed.set(e.Actor.ID, completed.size);
      }
    }
  } catch (err) {
    throw engineFailure(err, `cannot read the creation events of network ${name}`);
  }
  const before = networks.filter((n) => !completed.has(n.Id));
  if (before.length > 0) return pickNetwork(before) ?? networks[0];
  const order = (n: NetworkInspect): number => completed.get(n.Id) ?? 0;
  return [...networks].sort((a, b) => order(a) - order(b))[0];
}

/** An RFC 3339 time with nanoseconds as Unix seconds with nine decimals, exactly. */
function engineSeconds(time: string | undefined): string | undefined {
  const key = createdKey(time);
  if (key === '') return undefined;
  const [ms, fraction] = key.split('.');
  return `${String(Math.floor(Number(ms) / 1000))}.${fraction}`;
}

/**
 * The create plan with every project network pinned by ID: the endpoint settings carry the
 * network's ID (the engine then finds the network by it, on create and at every start, however
 * many networks share the name; `NetworkMode` and the endpoint keys keep the name, as docker
 * compose writes them), and networks connected after create are addressed by ID.
 * @param ids network IDs by engine name; networks not in it are left as they are
 */
export function pinNetworks<P extends ContainerCreatePlan>(
  plan: P,
  ids: ReadonlyMap<string, string>,
): P {
  if (ids.size === 0) return plan;
  const endpoints = plan.body.NetworkingConfig?.EndpointsConfig;
  const pinned: Record<string, EndpointSettings> = {};
  for (const [name, endpoint] of Object.entries(endpoints ?? {})) {
    const id = ids.get(name);
    pinned[name] = id === undefined ? endpoint : { ...endpoint, NetworkID: id };
  }
  return {
    ...plan,
    body:
      endpoints === undefined
        ? plan.body
        : {
            ...plan.body,
            NetworkingConfig: { ...plan.body.NetworkingConfig, EndpointsConfig: pinned },
          },
    connect: plan.connect.map((c) => {
      const id = ids.get(c.network);
      return id === undefined
        ? c
        : { ...c, network: id, endpoint: { ...c.endpoint, NetworkID: id } };
    }),
  };
}

/** Network IDs by engine name, from the networks {@link ensureNetworks} made sure of. */
export function networkIds(
  networks: ReadonlyMap<string, { readonly name: string; readonly id: string }>,
): Map<string, string> {
  return new Map([...networks.values()].map((n) => [n.name, n.id]));
}

/**
 * Network IDs by engine name for the networks a create plan names, as {@link pickNetwork}
 * chooses among same-named ones; one list call. Names not found are left out.
 * @throws ComposeError `ENGINE` when the list fails
 */
export async function planNetworkIds(
  ctx: ComposeContext,
  plan: ContainerCreatePlan,
  signal: AbortSignal | undefined,
): Promise<Map<string, string>> {
  const names = [
    ...Object.keys(plan.body.NetworkingConfig?.EndpointsConfig ?? {}),
    ...plan.connect.map((c) => c.network),
  ];
  const ids = new Map<string, string>();
  if (names.length === 0) return ids;
  let list: NetworkInspect[];
  try {
    list = await ctx.engine.networks.list({ filters: { name: names }, signal });
  } catch (err) {
    throw engineFailure(err, 'cannot list networks');
  }
  for (const name of names) {
    const picked = pickNetwork(list.filter((n) => n.Name === name));
    if (picked !== undefined) ids.set(name, picked.Id);
  }
  return ids;
}
