// The plan of `up` and `create`: what the create phase (create.ts, convergence.ts) and the start
// phase would do to each image, network, volume and container, and why — computed with reads
// only. The decisions are the convergence's own (divergence, scaleDown, hash agreement); the
// reasons come from comparing each container the engine has with the body `up` would send.
import type { PlanUpOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import { PLAN_SCHEMA_VERSION, type Plan, type PlanReason, type PlanStep } from '../api/plan.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import { dependencyLevels } from '../model/graph.js';
import { hashRulesFor } from '../model/hash-rules.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { configDifferences, type ImageDefaults } from './config-diff.js';
import type { ComposeContext } from './context.js';
import {
  containerPlanner,
  serviceContainerName,
  takesMultipleEndpoints,
  type PlannedContainer,
} from './container-planner.js';
import {
  divergence,
  effectiveScale,
  expectedNetworks,
  resolveServiceReferences,
  scalableTo,
  scaleDown,
} from './convergence.js';
import { findOrphans, orphanWarning, selectServices } from './create.js';
import { engineFailure } from './emit.js';
import { hashAgreement } from './hash-agreement.js';
import { LABEL } from './labels.js';
import { planImages } from './plan-images.js';
import { planNetworks, planVolumes, PLANNED_ID } from './plan-resources.js';
import {
  byService,
  containerNameOf,
  isOneoff,
  listEveryProjectContainer,
  replicaNumber,
} from './project-containers.js';
import type { EnsuredNetwork } from './resources.js';
import { configHash } from './service-tree.js';
import { validateUpOptions } from './up.js';

/**
 * What `up` (or `create`) would do, without changing anything on the engine.
 * @throws ComposeError as `up` would before its first write: `USAGE` for unknown services,
 *   `NOT_FOUND` for missing external networks and volumes, `ENGINE` when a read fails
 */
export async function planUp(
  ctx: ComposeContext,
  project: Project,
  options: PlanUpOptions = {},
): Promise<Plan> {
  const command = options.command ?? 'up';
  const start = command === 'up' && options.noStart !== true;
  const signal = options.signal;
  if (command === 'up') validateUpOptions(project, options);
  for (const name of Object.keys(options.scale ?? {})) {
    if (!Object.hasOwn(project.services, name)) {
      throw new ComposeError('USAGE', `no such service: ${name}`);
    }
  }
  const services = selectServices(project, options.services, options.noDeps === true);
  const toCreate = services.filter((s) => effectiveScale(project.services[s], options.scale) > 0);
  const listed = listEveryProjectContainer(ctx.engine, project.name, { signal }).catch(
    (err: unknown) => {
      throw engineFailure(err, 'cannot list containers');
    },
  );
  listed.catch(() => undefined);
  const images = await planImages(ctx, project, toCreate, options);
  const networks = await planNetworks(ctx, project, signal);
  const volumes = await planVolumes(ctx, project, signal, options.assumeYes === true);
  const observed = await listed;
  const warnings: string[] = [];
  const steps: PlanStep[] = [...images.steps, ...networks.steps, ...volumes];

  const orphans = findOrphans(project, observed);
  if (orphans.length > 0) {
    if (options.removeOrphans === true) {
      for (const c of orphans)
        steps.push(removal(c, 'orphan', 'orphan: removed (--remove-orphans)'));
    } else if (options.ignoreOrphans !== true) {
      warnings.push(orphanWarning(orphans));
    }
  }
  const orphanIds = new Set(orphans.map((c) => c.Id));
  const groups = byService(observed.filter((c) => !orphanIds.has(c.Id) && !isOneoff(c)));
  const planner = new ContainerPlanner(ctx, project, options, {
    groups,
    imageIds: images.ids,
    networks: networks.networks,
    start,
  });
  const selected = new Set(services);
  for (const level of dependencyLevels(project)) {
    for (const name of level) {
      if (selected.has(name)) steps.push(...(await planner.service(name)));
    }
  }
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    project: project.name,
    command,
    steps: planner.restartDependents(steps, selected),
    warnings,
  };
}

/** What {@link ContainerPlanner} works from. */
interface PlannerInput {
  readonly groups: ReadonlyMap<string, readonly EngineContainer[]>;
  readonly imageIds: ReadonlyMap<string, string>;
  readonly networks: ReadonlyMap<string, EnsuredNetwork>;
  readonly start: boolean;
}

/** Plans the containers service by service, dependencies first, as the convergence runs. */
class ContainerPlanner {
  /** Services whose first container would be replaced (or made): references to them change. */
  private readonly replaced = new Set<string>();
  private readonly multipleEndpoints: boolean;

  constructor(
    private readonly ctx: ComposeContext,
    private readonly project: Project,
    private readonly options: PlanUpOptions,
    private readonly input: PlannerInput,
  ) {
    this.multipleEndpoints = takesMultipleEndpoints(ctx);
  }

  private existing(service: string): EngineContainer[] {
    return [...(this.input.groups.get(service) ?? [])].sort(
      (a, b) => replicaNumber(a) - replicaNumber(b),
    );
  }

  private firstContainer = (service: string): string | undefined => {
    if (this.replaced.has(service)) return `${PLANNED_ID}${service}`;
    return this.existing(service)[0]?.Id;
  };

  private containerNames = (service: string): string[] =>
    this.existing(service).map(containerNameOf);

  /** The steps of one service's containers. */
  async service(name: string): Promise<PlanStep[]> {
    const { project, options } = this;
    const declared = project.services[name];
    const scale = scalableTo(declared, options.scale);
    const dependsOnReplaced = referencedServices(declared).filter((s) => this.replaced.has(s));
    const service = resolveServiceReferences(declared, this.firstContainer);
    const platform = project.environment.DOCKER_DEFAULT_PLATFORM;
    const hash = configHash(service, platform);
    const agreement = hashAgreement(service, hash, platform);
    const imageId = this.input.imageIds.get(name);
    const targets = new Set(options.services ?? []);
    const strategy =
      options.renewAnonVolumes === true
        ? 'force'
        : targets.size === 0 || targets.has(name)
          ? (options.recreate ?? 'diverged')
          : (options.recreateDependencies ?? 'diverged');
    const networks = expectedNetworks(service, this.input.networks);
    const expected = { hash, agreement, imageId, networks };
    // Networks by name: the reasons compare them with the engine's record by name.
    const plan = containerPlanner(this.ctx, project, declared, hash, imageId, {
      firstContainer: this.firstContainer,
      containerNames: this.containerNames,
      multipleEndpoints: this.multipleEndpoints,
    });
    const imageMissing = imageId === undefined;
    const mustRecreate = (c: EngineContainer): boolean =>
      strategy === 'force' ||
      (strategy === 'diverged' && (imageMissing || divergence(c, expected) !== undefined));

    const existing = this.existing(name);
    const { keep, excess } = scaleDown(existing, scale, mustRecreate);
    const steps: PlanStep[] = excess.map((c) =>
      removal(c, 'scale', `scale: ${existing.length} -> ${scale}`),
    );
    for (const c of keep) {
      const cname = containerNameOf(c);
      const version = c.Labels?.[LABEL.version];
      if (!mustRecreate(c)) {
        const rules = strategy === 'diverged' ? agreement(c)?.id : undefined;
        const running = c.State === 'running';
        steps.push({
          kind: 'container',
          name: cname,
          service: name,
          action: running || !this.input.start ? 'keep' : 'start',
          state: c.State,
          reasons: [],
          hashRules: rules,
        });
        continue;
      }
      if (replicaNumber(c) === Math.min(...keep.map(replicaNumber))) this.replaced.add(name);
      const reasons =
        strategy === 'force'
          ? forcedBy(options)
          : await this.recreateReasons(
              c,
              plan(replicaNumber(c), c),
              imageId,
              dependsOnReplaced,
              divergence(c, expected),
            );
      steps.push({
        kind: 'container',
        name: cname,
        service: name,
        action: 'recreate',
        state: c.State,
        start: this.input.start,
        reasons,
        hashRules: (hashRulesFor(version) ?? { id: 'current' }).id,
      });
    }
    if (keep.length === 0 && scale > 0) this.replaced.add(name);
    steps.push(...this.creations(declared, keep.map(replicaNumber), scale));
    return steps;
  }

  /** The containers made to reach the scale, numbered after the kept ones. */
  private creations(declared: ServiceConfig, kept: readonly number[], scale: number): PlanStep[] {
    const steps: PlanStep[] = [];
    let next = Math.max(0, ...kept) + 1;
    for (let i = kept.length; i < scale; i++) {
      steps.push({
        kind: 'container',
        name: serviceContainerName(this.ctx, this.project, declared, next++),
        service: declared.name,
        action: 'create',
        start: this.input.start,
        reasons: [],
      });
    }
    return steps;
  }

  /** Why a diverged container would be recreated, field by field. */
  private async recreateReasons(
    c: EngineContainer,
    wanted: PlannedContainer,
    imageId: string | undefined,
    dependsOnReplaced: readonly string[],
    diverged: string | undefined,
  ): Promise<PlanReason[]> {
    const { ctx, options } = this;
    const reasons: PlanReason[] = dependsOnReplaced.map((s) => ({
      field: `depends_on.${s}`,
      text: `depends on "${s}", which is recreated`,
    }));
    const oldImage = c.Labels?.[LABEL.image];
    if (imageId === undefined) {
      reasons.push({ field: 'image', text: 'image: not present locally; pulled or built first' });
    } else if (oldImage !== imageId) {
      reasons.push({
        field: 'image',
        old: oldImage,
        new: imageId,
        text: `image: digest changed (${shortId(oldImage)} -> ${shortId(imageId)})`,
      });
    }
    let inspect;
    try {
      inspect = await ctx.engine.containers.inspect(c.Id, { signal: options.signal });
    } catch (err) {
      throw engineFailure(err, `cannot inspect container ${containerNameOf(c)}`);
    }
    const image: ImageDefaults = await ctx.engine.images
      .inspect(inspect.Image, { signal: options.signal })
      .then((i) => i.Config)
      .catch(() => null);
    const fields = configDifferences(inspect, wanted.body, image).filter(
      // A reference to a container that is replaced is already said above.
      (r) => !`${r.old ?? ''}${r.new ?? ''}`.includes(PLANNED_ID),
    );
    reasons.push(...fields);
    if (
      diverged?.startsWith('not attached') === true &&
      !reasons.some((r) => r.field === 'networks')
    ) {
      reasons.push({
        field: 'networks',
        text: `networks: ${diverged} (it is created or recreated)`,
      });
    }
    if (reasons.length === 0) {
      reasons.push({
        field: 'config-hash',
        text: 'configuration changed: the config hash differs in a field the plan cannot compare with the engine (e.g. depends_on or a file-only setting)',
      });
    }
    return reasons;
  }

  /**
   * Running containers of `depends_on: {x: {restart: true}}` dependents of a recreated service
   * are stopped first and started again after it.
   */
  restartDependents(steps: PlanStep[], selected: ReadonlySet<string>): PlanStep[] {
    const recreated = new Set(
      steps.filter((s) => s.kind === 'container' && s.action === 'recreate').map((s) => s.service),
    );
    return steps.map((step) => {
      if (step.kind !== 'container' || step.action !== 'keep' || step.service === undefined) {
        return step;
      }
      if (!selected.has(step.service)) return step;
      const deps = Object.entries(this.project.services[step.service].dependsOn ?? {})
        .filter(([dep, d]) => d.restart === true && recreated.has(dep))
        .map(([dep]) => dep);
      const running = this.existing(step.service).some(
        (c) => containerNameOf(c) === step.name && c.State === 'running',
      );
      if (deps.length === 0 || !running) return step;
      return {
        ...step,
        action: 'stop',
        start: this.input.start,
        reasons: deps.map((d) => ({
          field: `depends_on.${d}`,
          text: `depends on "${d}" (restart: true), which is recreated`,
        })),
      };
    });
  }
}

/** The services a service refers to by `service:x` (network_mode, ipc, pid, volumes_from). */
function referencedServices(service: ServiceConfig): string[] {
  const out = new Set<string>();
  for (const mode of [service.networkMode, service.ipc, service.pid]) {
    if (mode?.startsWith('service:') === true) out.add(mode.slice('service:'.length));
  }
  for (const entry of service.volumesFrom ?? []) {
    if (!entry.startsWith('container:')) out.add(entry.split(':')[0]);
  }
  return [...out];
}

/** The reason of a recreation forced by a flag. */
function forcedBy(options: PlanUpOptions): PlanReason[] {
  const flag = options.renewAnonVolumes === true ? '--renew-anon-volumes' : '--force-recreate';
  return [{ field: flag, text: `forced by ${flag}` }];
}

/** A container removed, with why. */
function removal(c: EngineContainer, field: string, text: string): PlanStep {
  return {
    kind: 'container',
    name: containerNameOf(c),
    service: c.Labels?.[LABEL.service],
    action: 'remove',
    state: c.State,
    reasons: [{ field, text }],
  };
}

function shortId(id: string | undefined): string {
  if (id === undefined || id === '') return '(none)';
  return id.replace(/^sha256:/, '').slice(0, 12);
}
