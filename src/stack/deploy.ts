// `stack deploy`: the project's networks, secrets, configs and services on a swarm, in
// dependency order, updating only what changed.
import { ComposeError, isComposeError, type SourceLocation } from '../api/errors.js';
import type { StackDeployOptions, StackDeployResult, StackWarning } from '../api/stack.js';
import type { ComposeContext } from '../compose/context.js';
import { emit, engineFailure } from '../compose/emit.js';
import { registryOf, resolveRegistryAuth } from '../compose/registry-auth.js';
import {
  isEngineError,
  type AuthConfig,
  type ServiceSpec,
  type SwarmService,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import { formatPath, type ModelPath } from '../model/path.js';
import { SpecError, toWarning } from '../swarm/issues.js';
import { specDifference } from '../swarm/spec-compare.js';
import { planStack, type StackObjects, type StackPlanInput } from '../swarm/stack-plan.js';
import { STACK_LABEL } from '../swarm/stack-labels.js';
import { readObjectContent } from './contents.js';
import { waitForServices, type WaitTarget } from './converge.js';
import { buildAndPush, resolveImageDigest, shouldResolve } from './images.js';
import { ensureFileObjects, removeUnusedFileObjects } from './file-objects.js';
import { ensureNetworks } from './networks.js';
import { networkRenewal, retarget, staleNetworkId, type RenewNetwork } from './stale-networks.js';
import { checkStackName } from './stack-name.js';
import { observeStack } from './observed.js';
import { stackReport } from './report.js';

/** Swarm's default update monitor: how long a new task must keep running to count as stable. */
const DEFAULT_MONITOR_MS = 5000;

type ServiceResult = StackDeployResult['services'][number];

/**
 * `stack deploy`: converts the project (every warning first, and with `strict` an error before
 * anything is built or created), builds and pushes with `build`/`push`, then creates the
 * networks, secrets and configs the stack lacks and creates or updates its services round by
 * round in dependency order: with `wait`, each round's services that others depend on must be
 * running (healthy) before the next round starts, and all must converge at the end. A service
 * whose spec is what the engine already has is left alone. Secrets and configs that no service
 * uses any more are removed.
 * @throws ComposeError `CONSISTENCY` (with file:line:col) for what Swarm would refuse,
 *   `UNSUPPORTED` in strict mode, `ENGINE`, `BUILD`, `REGISTRY`, `RUNTIME`, `TIMEOUT`
 */
export async function deployStack(
  ctx: ComposeContext,
  project: Project,
  options: StackDeployOptions = {},
): Promise<StackDeployResult> {
  const signal = options.signal;
  const stack = options.stack ?? project.name;
  checkStackName(stack);
  const apiVersion = options.apiVersion ?? (await ctx.engine.negotiate({ signal }));
  const input = stackInput(project, stack, apiVersion, options);
  let objects = convertOrThrow(input, options.locate);
  const warnings = checkWarnings(objects, options);
  for (const w of warnings) ctx.warn(formatWarning(w));
  const observed = await observeStack(ctx, stack, signal);

  if (options.build === true) {
    if (options.push !== true) {
      ctx.warn(
        '--build without --push: the images are built on this engine only, and nodes without them cannot run their tasks',
      );
    }
    const images = await buildAndPush(ctx, project, { push: options.push === true, signal });
    objects = convertOrThrow({ ...input, images }, options.locate);
  }

  const existing = observed.services;
  const deployed = new Map(existing.map((s) => [s.Spec.Name, s]));
  if (options.prune === true) await pruneServices(ctx, objects, existing, signal);

  const [networkIds, secretIds, configIds] = await Promise.all([
    ensureNetworks(ctx, objects.networks, observed.networks, signal),
    ensureFileObjects(ctx, 'secret', objects.secrets, observed.secrets, signal),
    ensureFileObjects(ctx, 'config', objects.configs, observed.configs, signal),
  ]);
  pinObjectIds(objects, networkIds, secretIds.ids, configIds.ids);
  const renewNetwork = networkRenewal(
    ctx,
    objects.networks,
    networkIds,
    objects.services.map((s) => s.spec),
    signal,
  );

  const results = new Map<string, ServiceResult>();
  const reporting = options.onReport !== undefined || options.report === 'always';
  const report = async (exitStatus: number, error?: unknown) => {
    const services = objects.services.flatMap((s) => {
      const r = results.get(s.key);
      return r === undefined ? [] : [{ key: s.key, name: r.name, id: r.id }];
    });
    const made = await stackReport(ctx, project, stack, { services, exitStatus, error });
    options.onReport?.(made);
    return made;
  };
  try {
    await deployServices(ctx, project, objects, deployed, results, {
      ...options,
      brief: reporting,
      renewNetwork,
    });
  } catch (err) {
    if (reporting && isComposeError(err) && (err.code === 'RUNTIME' || err.code === 'TIMEOUT')) {
      err.report = await report(err.exitCode, err);
    }
    throw err;
  }
  await removeUnusedFileObjects(ctx, 'secret', secretIds.stale, signal);
  await removeUnusedFileObjects(ctx, 'config', configIds.stale, signal);
  if (options.wait === true && options.report === 'always') await report(0);
  const services = objects.services.map((s) => results.get(s.key)!);
  return { stack, services, warnings };
}

/**
 * Creates or updates the services round by round in dependency order; with `wait`, each
 * round's services that others depend on must converge before the next round, and all at the end.
 */
async function deployServices(
  ctx: ComposeContext,
  project: Project,
  objects: StackObjects,
  deployed: ReadonlyMap<string, SwarmService>,
  results: Map<string, ServiceResult>,
  options: StackDeployOptions & { readonly brief: boolean; readonly renewNetwork?: RenewNetwork },
): Promise<void> {
  const signal = options.signal;
  const deadline =
    options.waitTimeout !== undefined && options.waitTimeout > 0
      ? Date.now() + options.waitTimeout * 1000
      : undefined;
  const waitOptions = {
    deadline,
    timeoutSeconds: options.waitTimeout,
    signal,
    brief: options.brief,
  };
  const specs = new Map(objects.services.map((s) => [s.key, s.spec]));
  const dependedOn = new Set(
    Object.values(project.services).flatMap((s) => Object.keys(s.dependsOn ?? {})),
  );
  for (const level of objects.levels) {
    await Promise.all(
      level.map(async (key) => {
        const result = await deployService(
          ctx,
          project,
          key,
          specs.get(key)!,
          deployed.get(specs.get(key)!.Name),
          options,
        );
        results.set(key, result);
      }),
    );
    const needed = level.filter((k) => dependedOn.has(k));
    if (options.wait === true && needed.length > 0) {
      await waitForServices(
        ctx,
        needed.map((k) => ({ name: results.get(k)!.name, id: results.get(k)!.id, stableMs: 0 })),
        waitOptions,
      );
    }
  }
  if (options.wait === true) {
    const targets: WaitTarget[] = objects.services.map(({ key }) => {
      const r = results.get(key)!;
      return { name: r.name, id: r.id, stableMs: stableWindow(specs.get(key)!, r.action) };
    });
    await waitForServices(ctx, targets, waitOptions);
  }
}

/**
 * Points the services' specs at their networks, secrets and configs by engine ID, which is what
 * the engine stores (an object without a known ID keeps its name, or an empty ID).
 */
export function pinObjectIds(
  objects: StackObjects,
  networkIds: ReadonlyMap<string, string>,
  secretIds: ReadonlyMap<string, string>,
  configIds: ReadonlyMap<string, string>,
): void {
  for (const { spec } of objects.services) {
    for (const n of spec.TaskTemplate.Networks ?? []) {
      n.Target = networkIds.get(n.Target) ?? n.Target;
    }
    for (const ref of spec.TaskTemplate.ContainerSpec?.Secrets ?? []) {
      ref.SecretID = secretIds.get(ref.SecretName) ?? '';
    }
    for (const ref of spec.TaskTemplate.ContainerSpec?.Configs ?? []) {
      ref.ConfigID = configIds.get(ref.ConfigName) ?? '';
    }
  }
}

/**
 * How long a service's new tasks must keep running before `--wait` counts it converged: an
 * update was already watched by Swarm for its monitor period, a job's completion is final, a
 * new service gets the monitor period (5 s by default), as `docker service create` waits.
 */
function stableWindow(spec: ServiceSpec, action: ServiceResult['action']): number {
  if (action !== 'created') return 0;
  if (spec.Mode?.ReplicatedJob != null || spec.Mode?.GlobalJob != null) return 0;
  const monitor = spec.UpdateConfig?.Monitor;
  return monitor !== undefined && monitor > 0 ? monitor / 1e6 : DEFAULT_MONITOR_MS;
}

/** What the conversion of `project` into stack `stack` needs. */
export function stackInput(
  project: Project,
  stack: string,
  apiVersion: string,
  options: Pick<StackDeployOptions, 'build' | 'ipvs'>,
): StackPlanInput {
  return {
    stack,
    project,
    apiVersion,
    build: options.build === true,
    ipvs: options.ipvs,
    content: (kind, key, object) => readObjectContent(project, kind, key, object),
  };
}

/**
 * The conversion's warnings, located in the files.
 * @throws ComposeError `UNSUPPORTED` with `strict` when any is more than a notice
 */
export function checkWarnings(
  objects: StackObjects,
  options: Pick<StackDeployOptions, 'strict' | 'locate'>,
): StackWarning[] {
  const warnings = objects.issues.map((i) => toWarning(i, options.locate));
  if (options.strict === true) refuseUnsupported(warnings);
  return warnings;
}

/** Converts the project, turning a refused value into a located ComposeError. */
export function convertOrThrow(
  input: StackPlanInput,
  locate: ((path: ModelPath) => SourceLocation | undefined) | undefined,
): StackObjects {
  try {
    return planStack(input);
  } catch (err) {
    if (err instanceof SpecError) {
      throw new ComposeError('CONSISTENCY', err.message, {
        path: formatPath(err.path),
        location: locate?.(err.path),
      });
    }
    throw err;
  }
}

/** A warning as one line: `file:line:col: message` when its place is known. */
export function formatWarning(w: StackWarning): string {
  const where =
    w.location === undefined ? '' : `${w.location.file}:${w.location.line}:${w.location.column}: `;
  return `${where}${w.message}`;
}

/** `strict`: every field that would not be deployed as written is an error. */
export function refuseUnsupported(warnings: readonly StackWarning[]): void {
  const refused = warnings.filter((w) => w.kind !== 'notice');
  if (refused.length === 0) return;
  const first = refused[0];
  const rest = refused
    .slice(1)
    .map((w) => `\n${formatWarning(w)}`)
    .join('');
  throw new ComposeError(
    'UNSUPPORTED',
    `${first.message} (${first.path}); --strict refuses it: nothing was created${rest}`,
    { path: first.path, location: first.location },
  );
}

async function pruneServices(
  ctx: ComposeContext,
  objects: StackObjects,
  existing: readonly SwarmService[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const wanted = new Set(objects.services.map((s) => s.spec.Name));
  await Promise.all(
    existing
      .filter((s) => !wanted.has(s.Spec.Name))
      .map(async (s) => {
        emit(ctx, 'service', s.Spec.Name, 'Removing', 'working');
        try {
          await ctx.engine.services.remove(s.ID, { signal });
        } catch (err) {
          throw engineFailure(err, `failed to remove service ${s.Spec.Name}`);
        }
        emit(ctx, 'service', s.Spec.Name, 'Removed');
      }),
  );
}

/** Creates the service, or updates it when its spec differs from the engine's. */
async function deployService(
  ctx: ComposeContext,
  project: Project,
  key: string,
  planned: ServiceSpec,
  current: SwarmService | undefined,
  options: StackDeployOptions & { readonly renewNetwork?: RenewNetwork },
): Promise<ServiceResult> {
  const signal = options.signal;
  const spec = await desiredSpec(ctx, project, key, planned, current, options);
  const container = spec.TaskTemplate.ContainerSpec!;
  let auth: AuthConfig | undefined;
  if (options.withRegistryAuth === true) {
    const found = await resolveRegistryAuth(registryOf(container.Image));
    if (found.warning !== undefined) ctx.warn(found.warning);
    auth = found.auth;
  }
  const base = { service: key, name: spec.Name };
  if (current === undefined) {
    emit(ctx, 'service', spec.Name, 'Creating', 'working');
    try {
      const created = await createService(ctx, spec, auth, options);
      for (const w of created.Warnings ?? []) ctx.warn(w);
      emit(ctx, 'service', spec.Name, 'Created');
      return { ...base, id: created.ID, action: 'created' };
    } catch (err) {
      emit(ctx, 'service', spec.Name, 'Error', 'error', (err as Error).message);
      throw engineFailure(err, `failed to create service ${spec.Name}`);
    }
  }
  return updateService(ctx, spec, current, auth, signal, base);
}

/**
 * Creates a service; when the swarm refuses it because a network it joins is a stale copy
 * (see stale-networks.ts), the network is created again and the service retried once.
 */
async function createService(
  ctx: ComposeContext,
  spec: ServiceSpec,
  auth: AuthConfig | undefined,
  options: Pick<StackDeployOptions, 'signal'> & { readonly renewNetwork?: RenewNetwork },
): Promise<{ ID: string; Warnings?: string[] | null }> {
  const signal = options.signal;
  try {
    return await ctx.engine.services.create(spec, { auth, signal });
  } catch (err) {
    const stale = staleNetworkId(err, spec);
    const renewed = stale === undefined ? undefined : await options.renewNetwork?.(stale);
    if (stale === undefined || renewed === undefined) throw err;
    retarget(spec, stale, renewed);
    return ctx.engine.services.create(spec, { auth, signal });
  }
}

/**
 * The spec a deploy sends for service `key`: the planned one with its image resolved to a
 * digest as `resolveImage` asks (or the digest an earlier deploy resolved, kept while the file's
 * image is unchanged). Reads the registry through the engine; changes nothing.
 */
export async function desiredSpec(
  ctx: ComposeContext,
  project: Project,
  key: string,
  planned: ServiceSpec,
  current: SwarmService | undefined,
  options: Pick<StackDeployOptions, 'resolveImage' | 'signal'>,
): Promise<ServiceSpec> {
  const signal = options.signal;
  const spec = structuredClone(planned);
  const container = spec.TaskTemplate.ContainerSpec!;
  const fileImage = project.services[key].image ?? '';
  const deployedLabel = current?.Spec.Labels?.[STACK_LABEL.image];
  const resolve = options.resolveImage ?? 'always';
  if (container.Image === fileImage) {
    if (shouldResolve(resolve, fileImage, deployedLabel)) {
      const resolved = await resolveImageDigest(ctx, fileImage, undefined, signal);
      container.Image = resolved.image;
      if (
        resolved.platforms !== undefined &&
        (spec.TaskTemplate.Placement?.Platforms ?? []).length === 0
      ) {
        spec.TaskTemplate.Placement = {
          ...spec.TaskTemplate.Placement,
          Platforms: resolved.platforms,
        };
      }
      if (resolved.warning !== undefined) ctx.warn(resolved.warning);
    } else if (current !== undefined && deployedLabel === fileImage) {
      // The image did not change: keep the digest (and platforms) an earlier deploy resolved.
      const was = current.Spec.TaskTemplate;
      container.Image = was.ContainerSpec?.Image ?? container.Image;
      if (
        (spec.TaskTemplate.Placement?.Platforms ?? []).length === 0 &&
        (was.Placement?.Platforms ?? []).length > 0
      ) {
        spec.TaskTemplate.Placement = {
          ...spec.TaskTemplate.Placement,
          Platforms: was.Placement!.Platforms,
        };
      }
    }
  }
  return spec;
}

async function updateService(
  ctx: ComposeContext,
  spec: ServiceSpec,
  first: SwarmService,
  auth: AuthConfig | undefined,
  signal: AbortSignal | undefined,
  base: { service: string; name: string },
): Promise<ServiceResult> {
  let current = first;
  for (let attempt = 1; ; attempt++) {
    // Stack deploy has no --force: keep the engine's counter so tasks are not recreated.
    spec.TaskTemplate.ForceUpdate = current.Spec.TaskTemplate.ForceUpdate ?? 0;
    const difference = specDifference(spec, current.Spec);
    if (difference === undefined) {
      emit(ctx, 'service', spec.Name, 'Unchanged');
      return { ...base, id: current.ID, action: 'unchanged' };
    }
    emit(ctx, 'service', spec.Name, 'Updating', 'working', `changed: ${difference}`);
    try {
      const answer = await ctx.engine.services.update(current.ID, current.Version.Index, spec, {
        auth,
        signal,
      });
      for (const w of answer.Warnings ?? []) ctx.warn(w);
      emit(ctx, 'service', spec.Name, 'Updated');
      return { ...base, id: current.ID, action: 'updated' };
    } catch (err) {
      // Someone else updated it between our read and our write: read it again.
      if (attempt < 3 && isEngineError(err) && /out of sequence/.test(err.message)) {
        current = await ctx.engine.services.inspect(current.ID, { signal });
        continue;
      }
      emit(ctx, 'service', spec.Name, 'Error', 'error', (err as Error).message);
      throw engineFailure(err, `failed to update service ${spec.Name}`);
    }
  }
}
