// `run`: a one-off container of a service. The dependencies are created, started and awaited
// first (unless `noDeps`); then the service, as the run options modify it, becomes a container
// labelled oneoff=True with a random slug and no number, attached to the caller's streams (or
// started detached). The result carries the container's exit code.
import { randomBytes } from 'node:crypto';
import type { RunOptions, RunResult, TerminalStreams } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { RunReport } from '../api/report.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { containerCreateBody, type ContainerCreatePlan } from './container-config.js';
import type { ComposeContext } from './context.js';
import {
  removeObsolete,
  resolveServiceReferences,
  type ConvergedContainer,
} from './convergence.js';
import { createContainer } from './convergence.js';
import { createProject, findOrphans, orphanWarning, selectServices } from './create.js';
import { checkAborted, engineFailure } from './emit.js';
import { connect } from './exec.js';
import { ensureImages } from './images.js';
import { injectFiles } from './inject-files.js';
import { oneoffContainerName } from './naming.js';
import {
  containerNameOf,
  listEveryProjectContainer,
  listProjectContainers,
  replicaNumber,
  serviceOf,
} from './project-containers.js';
import { planNetworkIds, pinNetworks } from './network-duplicates.js';
import { checkExternalResources, ensureNetworks, ensureVolumes } from './resources.js';
import { configHash } from './service-tree.js';
import { startProject, waitForDependencies } from './start.js';

/** `KEY=VALUE` entries as a mapping; a bare `KEY` stays unset. */
function envMapping(entries: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at < 0) out[entry] = null;
    else out[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return out;
}

function nonEmpty<T>(values: readonly T[] | undefined): values is readonly T[] {
  return values !== undefined && values.length > 0;
}

/**
 * The service as its one-off container runs it: the run options applied (command, entrypoint,
 * environment, labels, user, workdir, volumes, capabilities), ports dropped unless
 * `servicePorts` (`publish` adds its own), no restart policy, a single replica, and `name` as
 * its container name (which the config hash then covers, as docker compose's does).
 */
export function oneoffService(
  service: ServiceConfig,
  options: RunOptions,
  name: string,
): ServiceConfig {
  const entrypoint = nonEmpty(options.entrypoint) ? [...options.entrypoint] : service.entrypoint;
  const command = nonEmpty(options.command)
    ? [...options.command]
    : nonEmpty(options.entrypoint)
      ? []
      : service.command;
  const ports = [...(options.servicePorts === true ? (service.ports ?? []) : [])];
  ports.push(...(options.publish ?? []));
  const interactive = options.interactive ?? options.streams?.stdin !== undefined;
  return {
    ...service,
    containerName: name,
    command,
    entrypoint,
    environment: nonEmpty(options.env)
      ? { ...service.environment, ...envMapping(options.env) }
      : service.environment,
    labels:
      options.labels !== undefined && Object.keys(options.labels).length > 0
        ? { ...service.labels, ...options.labels }
        : service.labels,
    ports: ports.length > 0 ? ports : undefined,
    volumes: nonEmpty(options.volumes)
      ? [...(service.volumes ?? []), ...options.volumes]
      : service.volumes,
    user: options.user !== undefined && options.user !== '' ? options.user : service.user,
    workingDir:
      options.workdir !== undefined && options.workdir !== ''
        ? options.workdir
        : service.workingDir,
    capAdd: nonEmpty(options.capAdd)
      ? [...(service.capAdd ?? []), ...options.capAdd]
      : service.capAdd,
    capDrop: nonEmpty(options.capDrop)
      ? [...(service.capDrop ?? []), ...options.capDrop]
      : service.capDrop,
    tty: options.tty === true,
    stdinOpen: interactive,
    restart: undefined,
    scale: 1,
    deploy:
      service.deploy === undefined ? undefined : { ...service.deploy, restartPolicy: undefined },
  };
}

/**
 * `run`: creates and runs a one-off container of `options.service`.
 * @returns the container's ID, and its exit code once it has stopped (0 when detached)
 * @throws {ComposeError} `USAGE` for an unknown service, `RUNTIME` when a dependency fails its
 *   condition, `ENGINE` when the engine refuses the container
 */
export async function run(
  ctx: ComposeContext,
  project: Project,
  options: RunOptions,
): Promise<RunResult> {
  const signal = options.signal;
  checkAborted(signal);
  if (!Object.hasOwn(project.services, options.service)) {
    throw new ComposeError('USAGE', `no such service: ${options.service}`);
  }
  const streams = options.streams;
  if (options.detach !== true && streams === undefined) {
    throw new ComposeError('USAGE', 'run needs streams unless detached');
  }
  const declared = project.services[options.service];
  const dependencies =
    options.noDeps === true
      ? []
      : selectServices(project, [declared.name]).filter((s) => s !== declared.name);

  const ready = await prepareDependencies(ctx, project, dependencies, options);
  const imageIds = await ensureImages(ctx, project, [declared.name], {
    pull: options.pull,
    build: options.build,
    quietPull: options.quietPull,
    quietBuild: options.quietBuild,
    signal,
  });
  if (dependencies.length > 0) {
    await waitForDependencies(ctx, project, declared.name, ready, new Set(dependencies), {
      services: dependencies,
      signal,
    });
  }

  const slug = randomBytes(32).toString('hex');
  const name = oneoffContainerName(project.name, declared.name, slug, options.name);
  const { containerOf, containerNames } = await serviceContainers(ctx, project, signal);
  const service = resolveServiceReferences(oneoffService(declared, options, name), containerOf);
  const interactive = service.stdinOpen === true;
  const plan = containerCreateBody({
    project,
    service,
    name,
    number: 0,
    configHash: configHash(service, project.environment.DOCKER_DEFAULT_PLATFORM),
    composeVersion: ctx.composeVersion,
    imageId: imageIds.get(declared.name),
    oneoff: true,
    slug,
    compatibility: ctx.compatibility,
    serviceContainer: containerOf,
    serviceContainerNames: containerNames,
    multipleEndpoints: ctx.engine.apiVersion !== undefined && ctx.engine.supports('1.44'),
    useAliases: options.useAliases,
  });
  const { reporting, removeAfter } = removal(options);
  plan.body.HostConfig = {
    ...plan.body.HostConfig,
    AutoRemove: options.autoRemove === true && !removeAfter,
  };
  plan.body.AttachStdin = interactive;
  plan.body.StdinOnce = interactive;
  const id = await createOneoff(ctx, { project, service, name, plan }, signal);

  if (options.detach === true || streams === undefined) {
    await startOrDiscard(ctx, id, name, options);
    return { containerId: id, exitCode: 0 };
  }
  return runAttached(ctx, project, { id, name, streams, options, removeAfter, reporting }, [
    declared.name,
    ...dependencies,
  ]);
}

/**
 * Whether an attached run makes a report, and then whether `--rm` is done here rather than by
 * the engine: the report must read the container's final state and last lines first.
 */
function removal(options: RunOptions): { reporting: boolean; removeAfter: boolean } {
  const reporting =
    options.detach !== true &&
    options.streams !== undefined &&
    (options.onReport !== undefined || options.report === 'always');
  return { reporting, removeAfter: options.autoRemove === true && reporting };
}

/**
 * Runs the one-off container attached; with `removeAfter` it is removed here, after the report
 * (when one is wanted) has read it.
 */
async function runAttached(
  ctx: ComposeContext,
  project: Project,
  c: {
    id: string;
    name: string;
    streams: TerminalStreams;
    options: RunOptions;
    removeAfter: boolean;
    reporting: boolean;
  },
  services: readonly string[],
): Promise<RunResult> {
  const { id, options } = c;
  const runOptions = c.removeAfter ? { ...options, autoRemove: false } : options;
  let exitCode;
  try {
    exitCode = await attachAndRun(ctx, id, c.name, c.streams, runOptions);
  } catch (err) {
    if (c.removeAfter) await removeQuietly(ctx, id);
    throw err;
  }
  const report =
    c.reporting && (exitCode !== 0 || options.report === 'always')
      ? await runReport(ctx, project, id, exitCode, services)
      : undefined;
  if (c.removeAfter) await removeQuietly(ctx, id);
  return { containerId: id, exitCode, report };
}

/** The report of a `run`: its one-off container (read before any removal) and the services. */
async function runReport(
  ctx: ComposeContext,
  project: Project,
  id: string,
  exitCode: number,
  services: readonly string[],
): Promise<RunReport> {
  const { captureContainer, collectReport, secretValues } = await import('./run-report.js');
  const container = await captureContainer(ctx, id, secretValues(project)).catch(() => undefined);
  return collectReport(ctx, project, {
    command: 'run',
    services,
    exitStatus: exitCode,
    captured: container === undefined ? [] : [{ service: services[0], container }],
    runService: services[0],
  });
}

async function removeQuietly(ctx: ComposeContext, id: string): Promise<void> {
  await ctx.engine.containers.remove(id, { force: true }).catch(() => undefined);
}

/**
 * Creates and starts the dependencies (or, without any, the project's networks and volumes) and
 * deals with orphans as `create` does.
 * @returns the dependencies' containers, for their conditions
 */
async function prepareDependencies(
  ctx: ComposeContext,
  project: Project,
  dependencies: readonly string[],
  options: RunOptions,
): Promise<ReadonlyMap<string, readonly ConvergedContainer[]>> {
  const signal = options.signal;
  if (dependencies.length > 0) {
    const created = await createProject(ctx, project, {
      services: dependencies,
      noDeps: true,
      build: options.build,
      pull: options.pull,
      quietPull: options.quietPull,
      quietBuild: options.quietBuild,
      removeOrphans: options.removeOrphans,
      ignoreOrphans: options.ignoreOrphans,
      signal,
    });
    await startProject(ctx, project, {
      services: created.services,
      containers: created.containers,
      signal,
    });
    return created.containers;
  }
  await checkExternalResources(ctx, project, signal);
  const [observed] = await Promise.all([
    listEveryProjectContainer(ctx.engine, project.name, { signal }).catch((err: unknown) => {
      throw engineFailure(err, 'cannot list containers');
    }),
    ensureNetworks(ctx, project, signal),
    ensureVolumes(ctx, project, signal),
  ]);
  const orphans = findOrphans(project, observed);
  if (orphans.length > 0) {
    if (options.removeOrphans === true) {
      await removeObsolete(ctx, orphans, { signal });
    } else if (options.ignoreOrphans !== true) {
      ctx.warn(orphanWarning(orphans));
    }
  }
  return new Map();
}

/**
 * The lowest-numbered container of each service, for `service:x` references, and the names of
 * each service's containers, for `links`.
 */
async function serviceContainers(
  ctx: ComposeContext,
  project: Project,
  signal: AbortSignal | undefined,
): Promise<{
  containerOf: (service: string) => string | undefined;
  containerNames: (service: string) => string[];
}> {
  const list = await listProjectContainers(ctx.engine, project.name, { all: true, signal }).catch(
    (err: unknown) => {
      throw engineFailure(err, 'cannot list containers');
    },
  );
  const first = new Map<string, EngineContainer>();
  for (const c of list) {
    const seen = first.get(serviceOf(c));
    if (seen === undefined || replicaNumber(c) < replicaNumber(seen)) first.set(serviceOf(c), c);
  }
  return {
    containerOf: (service) => first.get(service)?.Id,
    containerNames: (service) => list.filter((c) => serviceOf(c) === service).map(containerNameOf),
  };
}

/**
 * Creates the one-off container and copies in its secrets and configs that have no file on the
 * host; a container whose files cannot be copied is removed again.
 */
async function createOneoff(
  ctx: ComposeContext,
  oneoff: {
    readonly project: Project;
    readonly service: ServiceConfig;
    readonly name: string;
    readonly plan: ContainerCreatePlan;
  },
  signal: AbortSignal | undefined,
): Promise<string> {
  const { project, service, name, plan } = oneoff;
  const id = await createContainer(
    ctx,
    name,
    pinNetworks(plan, await planNetworkIds(ctx, plan, signal)),
    signal,
  );
  try {
    await injectFiles(ctx, project, service, id, signal);
  } catch (err) {
    await ctx.engine.containers.remove(id, { force: true }).catch(() => undefined);
    throw engineFailure(err, `cannot copy secrets and configs into container ${name}`);
  }
  return id;
}

/** Starts the container; one that cannot start is removed again when `autoRemove` asked for it. */
async function startOrDiscard(
  ctx: ComposeContext,
  id: string,
  name: string,
  options: RunOptions,
): Promise<void> {
  try {
    await ctx.engine.containers.start(id, { signal: options.signal });
  } catch (err) {
    if (options.autoRemove === true) {
      await ctx.engine.containers.remove(id, { force: true }).catch(() => undefined);
    }
    throw engineFailure(err, `cannot start container ${name}`);
  }
}

/**
 * Attaches before the start (so no output is missed), registers the exit wait, starts, pipes
 * the streams until the output ends and forwards the caller's signals meanwhile.
 */
async function attachAndRun(
  ctx: ComposeContext,
  id: string,
  name: string,
  streams: TerminalStreams,
  options: RunOptions,
): Promise<number> {
  const signal = options.signal;
  const tty = options.tty === true;
  const interactive =
    (options.interactive ?? streams.stdin !== undefined) && streams.stdin !== undefined;
  let session;
  let pending;
  try {
    session = await ctx.engine.containers.attach(id, {
      stdin: interactive,
      stdout: true,
      stderr: true,
      tty,
      signal,
    });
    // With --rm the container may be gone by the time a later wait would ask for it.
    pending = await ctx.engine.containers.beginWait(id, {
      condition: options.autoRemove === true ? 'removed' : 'next-exit',
      signal,
    });
  } catch (err) {
    session?.close();
    if (options.autoRemove === true) {
      await ctx.engine.containers.remove(id, { force: true }).catch(() => undefined);
    }
    throw engineFailure(err, `cannot attach to container ${name}`);
  }
  options.onAttach?.();
  const off = streams.onSignal?.((sig) => {
    void ctx.engine.containers.kill(id, { killSignal: sig }).catch(() => undefined);
  });
  try {
    try {
      await startOrDiscard(ctx, id, name, options);
    } catch (err) {
      session.close();
      throw err;
    }
    const resize = async (): Promise<void> => {
      const size = streams.size?.();
      if (size === undefined) return;
      await ctx.engine.containers.resize(id, { h: size.rows, w: size.columns });
    };
    await connect(session, streams, { tty, interactive, resize: tty ? resize : undefined });
    const status = await pending.result;
    if (status.Error?.Message !== undefined && status.Error.Message !== '') {
      throw new ComposeError('RUNTIME', `container ${name}: ${status.Error.Message}`);
    }
    return status.StatusCode;
  } catch (err) {
    throw engineFailure(err);
  } finally {
    off?.();
  }
}
