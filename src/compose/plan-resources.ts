// The networks and volumes of the plan of `up`/`create`: the read-only twin of ensureNetworks
// and ensureVolumes (resources.ts), saying what they would create, recreate or keep.
import { ComposeError } from '../api/errors.js';
import type { PlanStep } from '../api/plan.js';
import { isEngineError } from '../engine/index.js';
import type { NetworkConfig, Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { LABEL } from './labels.js';
import {
  listNetworksOf,
  networkConfigHash,
  projectVolumes,
  usedNetworks,
  usedVolumes,
  volumeConfigHash,
  type EnsuredNetwork,
} from './resources.js';

/** The prefix of the stand-in ID of a network that does not exist yet. */
export const PLANNED_ID = 'planned:';

/** The network steps, and the networks by key as the convergence sees them. */
export interface PlannedNetworks {
  readonly steps: PlanStep[];
  /** A network to be (re)created has a stand-in ID, so no running container matches it. */
  readonly networks: Map<string, EnsuredNetwork>;
}

/**
 * What ensureNetworks would do, without doing it.
 * @throws ComposeError `NOT_FOUND` for a missing external network, as `up` would
 */
export async function planNetworks(
  ctx: ComposeContext,
  project: Project,
  signal?: AbortSignal,
): Promise<PlannedNetworks> {
  const keys = usedNetworks(project);
  const steps: PlanStep[] = [];
  const networks = new Map<string, EnsuredNetwork>();
  if (keys.length === 0) return { steps, networks };
  const labelled = await listNetworksOf(ctx, project, signal);
  for (const key of keys) {
    const config: NetworkConfig = Object.hasOwn(project.networks, key)
      ? project.networks[key]
      : { name: `${project.name}_${key}`, ipam: {} };
    const name = config.name;
    const found = await inspectNetwork(ctx, name, signal);
    if (config.external === true) {
      if (found === undefined) {
        throw new ComposeError(
          'NOT_FOUND',
          `network ${name} declared as external, but could not be found`,
        );
      }
      networks.set(key, { key, name, id: found });
      continue;
    }
    const mine = labelled.find((n) => n.Labels?.[LABEL.network] === key && n.Name === name);
    if (mine !== undefined) {
      const hash = mine.Labels?.[LABEL.configHash];
      if (hash === undefined || hash === networkConfigHash(key, config)) {
        steps.push({ kind: 'network', name, action: 'keep', reasons: [] });
        networks.set(key, { key, name, id: mine.Id });
      } else {
        steps.push({
          kind: 'network',
          name,
          action: 'recreate',
          reasons: [{ field: `networks.${key}`, text: `networks.${key}: configuration changed` }],
        });
        networks.set(key, { key, name, id: `${PLANNED_ID}${name}` });
      }
      continue;
    }
    if (found !== undefined) {
      steps.push({ kind: 'network', name, action: 'keep', reasons: [] });
      networks.set(key, { key, name, id: found });
      continue;
    }
    steps.push({ kind: 'network', name, action: 'create', reasons: [] });
    networks.set(key, { key, name, id: `${PLANNED_ID}${name}` });
  }
  return { steps, networks };
}

async function inspectNetwork(
  ctx: ComposeContext,
  name: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  try {
    return (await ctx.engine.networks.inspect(name, { signal })).Id;
  } catch (err) {
    if (isEngineError(err, 404)) return undefined;
    throw engineFailure(err, `cannot inspect network ${name}`);
  }
}

/**
 * What ensureVolumes would do, without doing it. A volume whose configuration changed is only
 * recreated when the user agrees (`-y`); the plan says so.
 * @throws ComposeError `NOT_FOUND` for a missing external volume, as `up` would
 */
export async function planVolumes(
  ctx: ComposeContext,
  project: Project,
  signal?: AbortSignal,
  assumeYes = false,
): Promise<PlanStep[]> {
  const keys = usedVolumes(project);
  if (keys.length === 0) return [];
  const labelled = await projectVolumes(ctx, project, signal);
  const steps: PlanStep[] = [];
  for (const key of keys) {
    const config = project.volumes[key];
    const name = config.name;
    const mine = labelled.find((v) => v.Name === name);
    const hash = mine?.Labels?.[LABEL.configHash];
    if (mine !== undefined && hash !== undefined && hash !== volumeConfigHash(key, config)) {
      const field = `volumes.${key}`;
      steps.push(
        assumeYes
          ? {
              kind: 'volume',
              name,
              action: 'recreate',
              reasons: [{ field, text: `${field}: configuration changed (its data is lost)` }],
            }
          : {
              kind: 'volume',
              name,
              action: 'keep',
              reasons: [
                { field, text: `${field}: configuration changed; kept unless confirmed (-y)` },
              ],
            },
      );
      continue;
    }
    let exists = mine !== undefined;
    if (!exists) {
      try {
        await ctx.engine.volumes.inspect(name, { signal });
        exists = true;
      } catch (err) {
        if (!isEngineError(err, 404)) throw engineFailure(err, `cannot inspect volume ${name}`);
      }
    }
    if (config.external === true && !exists) {
      throw new ComposeError('NOT_FOUND', `external volume "${name}" not found`);
    }
    steps.push({ kind: 'volume', name, action: exists ? 'keep' : 'create', reasons: [] });
  }
  return steps;
}
