// The plan of `down`: which containers, networks, volumes and images down.ts would stop and
// remove, with reads only.
import type { DownOptions } from '../api/compose.js';
import { PLAN_SCHEMA_VERSION, type Plan, type PlanStep } from '../api/plan.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import { dependencyLevels } from '../model/graph.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { byName, imagesToRemove, networksToRemove, volumesToRemove } from './down.js';
import { engineFailure } from './emit.js';
import { LABEL, labelFilter } from './labels.js';
import {
  byService,
  checkServices,
  containerNameOf,
  isOneoff,
  labelledProject,
  labelledServices,
  listProjectContainers,
  serviceOf,
  withDependents,
} from './project-containers.js';

/**
 * What `down` would remove, without changing anything on the engine. Given a project name
 * instead of a project, works from the labels of what exists, as `down` does (named services
 * without containers skipped; none left: nothing).
 * @throws ComposeError `USAGE` for an unknown service; `ENGINE` when a read fails
 */
export async function planDown(
  ctx: ComposeContext,
  projectOrName: Project | string,
  options: DownOptions = {},
): Promise<Plan> {
  const signal = options.signal;
  const fileless = typeof projectOrName === 'string';
  const labelled = fileless
    ? await labelledProject(ctx.engine, projectOrName, { signal })
    : undefined;
  const project = labelled?.project ?? (projectOrName as Project);
  let named = options.services ?? [];
  if (fileless) {
    const kept = labelledServices(project, named);
    if (kept.notRunning !== undefined) return downPlan(project.name, [], [kept.notRunning]);
    named = kept.named;
  } else checkServices(project, named);
  const containers = await (labelled === undefined
    ? listProjectContainers(ctx.engine, project.name, {
        all: true,
        oneoff: options.removeOrphans === true ? 'include' : 'exclude',
        signal,
      }).catch((err: unknown) => {
        throw engineFailure(err, 'cannot list containers');
      })
    : Promise.resolve(
        labelled.containers.filter((c) => options.removeOrphans === true || !isOneoff(c)),
      ));
  const steps: PlanStep[] = containerRemovals(project, named, containers, options);
  const removed = containers.filter((c) => steps.some((st) => st.name === containerNameOf(c)));
  const networks =
    labelled === undefined
      ? await networksToRemove(ctx, project, signal)
      : byName(labelled.networks);
  for (const n of networks)
    steps.push({ kind: 'network', name: n.name, action: 'remove', reasons: [] });
  if (options.volumes === true) {
    steps.push(
      ...(await volumeRemovals(
        ctx,
        project,
        removed,
        labelled?.volumes.map((v) => v.Name),
        signal,
      )),
    );
  }
  if (options.rmi !== undefined) {
    const images = await imagesToRemove(
      ctx,
      project,
      options.rmi,
      options.removeOrphans === true,
      signal,
    );
    for (const ref of images) {
      steps.push({
        kind: 'image',
        name: ref,
        action: 'remove',
        reasons: [{ field: 'rmi', text: `--rmi ${options.rmi}` }],
      });
    }
  }
  const warnings =
    steps.length === 0 &&
    (fileless || Object.values(project.networks).every((n) => n.external === true))
      ? [`Warning: No resource found to remove for project "${project.name}".`]
      : [];
  return downPlan(project.name, steps, warnings);
}

function downPlan(project: string, steps: PlanStep[], warnings: string[]): Plan {
  return { schemaVersion: PLAN_SCHEMA_VERSION, project, command: 'down', steps, warnings };
}

/** The containers `down` removes: dependents first, then orphans with `--remove-orphans`. */
function containerRemovals(
  project: Project,
  named: readonly string[],
  containers: readonly EngineContainer[],
  options: DownOptions,
): PlanStep[] {
  const steps: PlanStep[] = [];
  const selected = new Set(
    named.length > 0 ? withDependents(project, named) : Object.keys(project.services),
  );
  const groups = byService(containers);
  for (const level of dependencyLevels(project, true)) {
    for (const service of [...level].sort()) {
      if (!selected.has(service)) continue;
      for (const c of groups.get(service) ?? []) steps.push(containerRemoval(c, []));
    }
  }
  if (options.removeOrphans !== true) return steps;
  const known = new Set([
    ...Object.keys(project.services),
    ...Object.keys(project.disabledServices),
  ]);
  for (const c of containers) {
    const orphan = isOneoff(c)
      ? c.State === 'exited' || c.State === 'dead'
      : !known.has(serviceOf(c));
    if (!orphan) continue;
    steps.push(
      containerRemoval(c, [{ field: 'orphan', text: 'orphan: removed (--remove-orphans)' }]),
    );
  }
  return steps;
}

function containerRemoval(c: EngineContainer, reasons: PlanStep['reasons']): PlanStep {
  return {
    kind: 'container',
    name: containerNameOf(c),
    service: c.Labels?.[LABEL.service],
    action: 'remove',
    state: c.State,
    reasons,
  };
}

/** `-v`: the declared volumes that exist, and the anonymous volumes of removed containers. */
async function volumeRemovals(
  ctx: ComposeContext,
  project: Project,
  removed: readonly EngineContainer[],
  fromLabels: readonly string[] | undefined,
  signal: AbortSignal | undefined,
): Promise<PlanStep[]> {
  let existing: Set<string>;
  try {
    const listed = await ctx.engine.volumes.list({
      filters: { label: [labelFilter(LABEL.project, project.name)] },
      signal,
    });
    existing = new Set(listed.Volumes.map((v) => v.Name));
  } catch (err) {
    throw engineFailure(err, 'cannot list volumes');
  }
  const names = (fromLabels ?? volumesToRemove(project)).filter((n) => existing.has(n));
  const steps: PlanStep[] = names.map((name) => ({
    kind: 'volume',
    name,
    action: 'remove',
    reasons: [],
  }));
  const seen = new Set(names);
  for (const c of removed) {
    for (const m of c.Mounts) {
      if (m.Type !== 'volume' || m.Name === undefined || !/^[0-9a-f]{64}$/.test(m.Name)) continue;
      if (seen.has(m.Name)) continue;
      seen.add(m.Name);
      steps.push({
        kind: 'volume',
        name: m.Name,
        action: 'remove',
        reasons: [{ field: 'anonymous', text: `anonymous volume of ${containerNameOf(c)}` }],
      });
    }
  }
  return steps;
}
