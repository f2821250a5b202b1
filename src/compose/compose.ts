// The library's entry point: a Compose bound to an engine and a progress sink, dispatching each
// verb to its own module (loaded on first use, so a CLI verb pays only for what it runs).
import type { BuilderChoice, BuildkitOutput } from './buildx.js';
import { COMPOSE_VERSION } from '../api/version.js';
import type { Compose, ReportingOptions, RunResult, UpOptions } from '../api/compose.js';
import { ComposeError, isComposeError } from '../api/errors.js';
import type { EventSink } from '../api/events.js';
import { isAbortError, isEngineError, type EngineClient } from '../engine/index.js';
import { DependencyCycleError } from '../model/graph.js';
import type { Project } from '../model/project.js';
import { composeContext, type ComposeContext, type Locate } from './context.js';

/** How {@link createCompose} wires the orchestration. */
export interface CreateComposeOptions {
  /** @default createEngineClient() (DOCKER_HOST, contexts, TLS) */
  readonly engine?: EngineClient | undefined;
  /** Receives progress events. @default they are dropped */
  readonly events?: EventSink | undefined;
  /** Bound on concurrent pulls and builds; -1 is unlimited. @default -1 */
  readonly parallel?: number | undefined;
  /** `_` as the container name separator. @default false */
  readonly compatibility?: boolean | undefined;
  /** Answers yes/no questions; absent means No. */
  readonly confirm?: ((question: string) => Promise<boolean>) | undefined;
  /** Receives warnings. @default they are dropped */
  readonly warn?: ((message: string) => void) | undefined;
  /** Receives informational lines (`No container to kill`). @default they are dropped */
  readonly info?: ((message: string) => void) | undefined;
  /** Value of the `com.docker.compose.version` label. @default the docker compose version flotilla reports (`2.40.3+flotilla.0.1.0`) */
  readonly composeVersion?: string | undefined;
  /** The builder. @default chosen as docker compose chooses (DOCKER_BUILDKIT, buildx installed) */
  readonly builder?: BuilderChoice | undefined;
  /** Where buildx's progress goes. @default its plain lines become image events' details */
  readonly buildkitOutput?: BuildkitOutput | undefined;
  /**
   * Where a model path is written in the compose files, so that errors about values found after
   * loading (a build's cache spec) say `file:line:col`. @default errors carry the dotted path only
   */
  readonly locate?: Locate | undefined;
}

/**
 * Creates the {@link Compose} implementation on the Docker Engine API.
 * @example
 * const compose = createCompose({ events: (e) => console.error(e.id, e.text) });
 * await compose.up(await loadProject({ cwd: '/srv/app' }), { detach: true });
 */
export function createCompose(options: CreateComposeOptions = {}): Compose {
  const ctx = composeContext({
    ...options,
    composeVersion: options.composeVersion ?? COMPOSE_VERSION,
  });

  return {
    up: (project, o) =>
      reported(ctx, 'up', project, o, async () => (await import('./up.js')).up(ctx, project, o)),
    create: (project, o) => run(async () => (await import('./create.js')).create(ctx, project, o)),
    planUp: (project, o) =>
      run(async () => {
        const plan = await (await import('./plan-up.js')).planUp(ctx, project, o);
        if (o?.emitEvents === true) (await import('./plan-events.js')).emitPlanEvents(ctx, plan);
        return plan;
      }),
    planDown: (project, o) =>
      run(async () => {
        const plan = await (await import('./plan-down.js')).planDown(ctx, project, o);
        if (o?.emitEvents === true) (await import('./plan-events.js')).emitPlanEvents(ctx, plan);
        return plan;
      }),
    start: (project, o) =>
      reported(ctx, 'start', project, o, async () => {
        await (await import('./start.js')).start(ctx, project, o);
        return undefined;
      }),
    stop: (project, o) => run(async () => (await import('./stop.js')).stop(ctx, project, o)),
    restart: (project, o) =>
      run(async () => (await import('./restart.js')).restart(ctx, project, o)),
    down: (project, o) => run(async () => (await import('./down.js')).down(ctx, project, o)),
    kill: (project, o) => run(async () => (await import('./kill.js')).kill(ctx, project, o)),
    remove: (project, o) => run(async () => (await import('./remove.js')).remove(ctx, project, o)),
    pause: (project, o) => run(async () => (await import('./pause.js')).pause(ctx, project, o)),
    unpause: (project, o) => run(async () => (await import('./pause.js')).unpause(ctx, project, o)),
    ps: (project, o) => run(async () => (await import('./ps.js')).ps(ctx, project, o)),
    logs: (project, consumer, o) =>
      run(async () => (await import('./logs.js')).logs(ctx, project, consumer, o)),
    build: (project, o) => run(async () => (await import('./build.js')).build(ctx, project, o)),
    pull: (project, o) => run(async () => (await import('./pull.js')).pull(ctx, project, o)),
    push: (project, o) => run(async () => (await import('./push.js')).push(ctx, project, o)),
    exec: (project, o) => run(async () => (await import('./exec.js')).exec(ctx, project, o)),
    attach: (project, o) => run(async () => (await import('./attach.js')).attach(ctx, project, o)),
    copy: (project, o) => run(async () => (await import('./cp.js')).cp(ctx, project, o)),
    port: (project, o) => run(async () => (await import('./port.js')).port(ctx, project, o)),
    top: (project, o) => run(async () => (await import('./top.js')).top(ctx, project, o)),
    images: (project, o) =>
      run(async () => (await import('./image-list.js')).images(ctx, project, o)),
    events: (project, consumer, o) =>
      run(async () => (await import('./events.js')).events(ctx, project, consumer, o)),
    list: (o) => run(async () => (await import('./ls.js')).ls(ctx, o)),
    wait: (project, o) =>
      reported(ctx, 'wait', project, o, async () =>
        (await import('./wait.js')).wait(ctx, project, o),
      ),
    stats: (project, o) => run(async () => (await import('./stats.js')).stats(ctx, project, o)),
    watch: (project, o) => run(async () => (await import('./watch.js')).watch(ctx, project, o)),
    run: (project, o) =>
      reported(ctx, 'run', project, { ...o, services: [o.service] }, async () =>
        (await import('./run.js')).run(ctx, project, o),
      ),
    scale: (project, o) => run(async () => (await import('./scale.js')).scale(ctx, project, o)),
    volumes: (project, o) =>
      run(async () => (await import('./volume-list.js')).volumes(ctx, project, o)),
    commit: (project, o) => run(async () => (await import('./commit.js')).commit(ctx, project, o)),
    export: (project, o) =>
      run(async () => (await import('./export.js')).exportContainer(ctx, project, o)),
  };
}

/** Runs a verb, turning engine failures and cancellation into {@link ComposeError}s once. */
async function run<T>(verb: () => Promise<T>): Promise<T> {
  try {
    return await verb();
  } catch (err) {
    throw toComposeError(err);
  }
}

/** Errors after which the containers' state explains what went wrong. */
const REPORTED_CODES: ReadonlySet<string> = new Set(['RUNTIME', 'TIMEOUT', 'ENGINE']);

/**
 * Runs a verb that makes a run report: on a runtime failure (attached to the thrown error as
 * `report`), on a non-zero exit status, and on success too with `report: 'always'`; `onReport`
 * receives it. `run` makes its own (its container may be removed at the end).
 */
async function reported<T extends number | RunResult | undefined>(
  ctx: ComposeContext,
  command: string,
  project: Project | string,
  options: (ReportingOptions & { services?: readonly string[] | undefined }) | undefined,
  verb: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await verb();
  } catch (caught) {
    const err = toComposeError(caught);
    if (isComposeError(err) && REPORTED_CODES.has(err.code) && err.report === undefined) {
      const { collectReport } = await import('./run-report.js');
      err.report = await collectReport(ctx, project, {
        command,
        services: reportScope(project, command, options),
        exitStatus: err.exitCode,
        error: err,
      });
      options?.onReport?.(err.report);
    }
    throw err;
  }
  if (typeof result === 'object') {
    if (result.report !== undefined) options?.onReport?.(result.report);
    return result;
  }
  const status = typeof result === 'number' ? result : 0;
  if (options?.report === 'always' || (status !== 0 && options?.onReport !== undefined)) {
    const { collectReport } = await import('./run-report.js');
    const up = options as UpOptions | undefined;
    const report = await collectReport(ctx, project, {
      command,
      services: reportScope(project, command, options),
      exitStatus: status,
      failing: up?.exitCodeFrom === undefined ? undefined : [up.exitCodeFrom],
      firstExitOnly: up?.abortOnContainerExit === true || up?.abortOnContainerFailure === true,
    });
    options.onReport?.(report);
  }
  return result;
}

/** The services a report covers: those named and their dependencies, else all. */
function reportScope(
  project: Project | string,
  command: string,
  options: { services?: readonly string[] | undefined } | undefined,
): string[] | undefined {
  const named = options?.services;
  if (named === undefined || named.length === 0) return undefined;
  if (typeof project === 'string' || command === 'wait') return [...named];
  const out = new Set<string>();
  const visit = (name: string): void => {
    if (out.has(name) || !Object.hasOwn(project.services, name)) return;
    out.add(name);
    for (const dep of Object.keys(project.services[name].dependsOn ?? {})) visit(dep);
  };
  for (const n of named) visit(n);
  return [...out];
}

/** Wraps an engine failure, an abort or a dependency cycle; other errors pass through. */
export function toComposeError(err: unknown): unknown {
  if (isComposeError(err)) return err;
  if (isAbortError(err)) {
    return new ComposeError('CANCELLED', 'operation cancelled', { cause: err, exitCode: 130 });
  }
  if (isEngineError(err)) {
    return new ComposeError('ENGINE', err.message, { cause: err });
  }
  if (err instanceof DependencyCycleError) {
    const [first, second] = err.cycle;
    return new ComposeError('CONSISTENCY', err.message, {
      path: `services.${first}.depends_on.${second}`,
      cause: err,
    });
  }
  return err;
}
