// `stack deploy --dry-run`: what a deploy would do to the stack on the swarm, and why, computed
// from the same conversion and the same comparison as the deploy, reading the swarm only.
import { PLAN_SCHEMA_VERSION, type Plan, type PlanStep } from '../api/plan.js';
import type { StackDeployOptions } from '../api/stack.js';
import type { ComposeContext } from '../compose/context.js';
import type { Project } from '../model/project.js';
import type { FileObjectKind, FileObjectPlan } from '../swarm/file-objects.js';
import { updateReasons } from '../swarm/spec-reasons.js';
import type { SwarmConfig, SwarmSecret } from '../engine/index.js';
import {
  checkWarnings,
  convertOrThrow,
  desiredSpec,
  formatWarning,
  pinObjectIds,
  stackInput,
} from './deploy.js';
import { externalObjectId } from './file-objects.js';
import { externalNetworkIds } from './networks.js';
import { observeStack } from './observed.js';
import { checkStackName } from './stack-name.js';

/**
 * The plan of `stack deploy`: images it would build (with `build`), networks, secrets and
 * configs it would create or remove, services it would create, update (with every differing
 * field; environment values withheld) or leave alone, and with `prune` the services it would
 * remove. External objects must exist, as for the deploy. Nothing on the swarm changes.
 * @throws ComposeError as {@link deployStack} does before it changes anything
 */
export async function planStackDeploy(
  ctx: ComposeContext,
  project: Project,
  options: StackDeployOptions = {},
): Promise<Plan> {
  const signal = options.signal;
  const stack = options.stack ?? project.name;
  checkStackName(stack);
  const apiVersion = options.apiVersion ?? (await ctx.engine.negotiate({ signal }));
  const objects = convertOrThrow(stackInput(project, stack, apiVersion, options), options.locate);
  const warnings = checkWarnings(objects, options).map(formatWarning);
  const observed = await observeStack(ctx, stack, signal);
  const steps: PlanStep[] = [];

  if (options.build === true) {
    for (const [key, service] of Object.entries(project.services)) {
      if (service.build === undefined) continue;
      const name = objects.services.find((s) => s.key === key)?.spec.TaskTemplate.ContainerSpec
        ?.Image;
      steps.push({
        kind: 'image',
        name: name ?? key,
        service: key,
        action: 'build',
        reasons: options.push === true ? [{ field: 'push', text: 'then pushed' }] : [],
      });
    }
  }

  const networkIds = await externalNetworkIds(ctx, objects.networks, signal);
  for (const n of observed.networks) networkIds.set(n.Name, n.Id);
  for (const name of objects.networks.create.keys()) {
    steps.push({
      kind: 'network',
      name,
      action: networkIds.has(name) ? 'keep' : 'create',
      reasons: [],
    });
  }
  const secretIds = await fileObjectSteps(
    ctx,
    'secret',
    objects.secrets,
    observed.secrets,
    steps,
    signal,
  );
  const configIds = await fileObjectSteps(
    ctx,
    'config',
    objects.configs,
    observed.configs,
    steps,
    signal,
  );
  pinObjectIds(objects, networkIds, secretIds, configIds);

  const deployed = new Map(observed.services.map((s) => [s.Spec.Name, s]));
  const networkNames = new Map([...networkIds].map(([name, id]) => [id, name]));
  // Image digests resolved for all services at once, as the deploy resolves each round's.
  const specs = await Promise.all(
    objects.services.map(({ key, spec }) =>
      desiredSpec(ctx, project, key, spec, deployed.get(spec.Name), options),
    ),
  );
  for (const [i, { key }] of objects.services.entries()) {
    const spec = specs[i];
    const current = deployed.get(spec.Name);
    if (current === undefined) {
      steps.push({ kind: 'service', name: spec.Name, service: key, action: 'create', reasons: [] });
      continue;
    }
    spec.TaskTemplate.ForceUpdate = current.Spec.TaskTemplate.ForceUpdate ?? 0;
    const reasons = updateReasons(spec, current.Spec, (id) => networkNames.get(id));
    steps.push({
      kind: 'service',
      name: spec.Name,
      service: key,
      action: reasons.length === 0 ? 'keep' : 'update',
      reasons,
    });
  }
  if (options.prune === true) {
    const wanted = new Set(objects.services.map((s) => s.spec.Name));
    for (const s of observed.services.filter((x) => !wanted.has(x.Spec.Name))) {
      steps.push({
        kind: 'service',
        name: s.Spec.Name,
        action: 'remove',
        reasons: [{ field: 'services', text: 'not in the file any more (--prune)' }],
      });
    }
  }
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    project: stack,
    command: 'stack deploy',
    steps: orderSteps(steps),
    warnings,
  };
}

/**
 * The steps of the secrets (or configs): kept, created (a new name for new content), external
 * (must exist), and the stack's older ones removed once nothing uses them.
 * @returns the IDs of those that exist, by name
 */
async function fileObjectSteps(
  ctx: ComposeContext,
  kind: FileObjectKind,
  plans: readonly FileObjectPlan[],
  existing: readonly (SwarmSecret | SwarmConfig)[],
  steps: PlanStep[],
  signal: AbortSignal | undefined,
): Promise<Map<string, string>> {
  const ids = new Map(existing.map((o) => [o.Spec.Name, o.ID]));
  for (const plan of plans) {
    if (ids.has(plan.name)) {
      steps.push({ kind, name: plan.name, action: 'keep', reasons: [] });
    } else if (plan.external || plan.spec === undefined) {
      ids.set(plan.name, await externalObjectId(ctx, kind, plan.name, signal));
      steps.push({
        kind,
        name: plan.name,
        action: 'keep',
        reasons: [{ field: 'external', text: 'external' }],
      });
    } else {
      steps.push({ kind, name: plan.name, action: 'create', reasons: [] });
    }
  }
  const wanted = new Set(plans.map((p) => p.name));
  for (const o of existing.filter((x) => !wanted.has(x.Spec.Name))) {
    steps.push({
      kind,
      name: o.Spec.Name,
      action: 'remove',
      reasons: [{ field: 'content', text: 'replaced (its content changed) or no longer used' }],
    });
  }
  return ids;
}

/** The deploy's order: images, networks, secrets, configs, services; removals last. */
function orderSteps(steps: readonly PlanStep[]): PlanStep[] {
  const rank = (s: PlanStep): number => (s.action === 'remove' ? 10 : 0);
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map((x) => x.s);
}
