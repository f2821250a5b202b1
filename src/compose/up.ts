// `up`: the create phase, then the start phase — detached, waiting (`--wait`), or attached with
// the containers' output multiplexed to a log consumer and exits monitored through engine events.
import type { UpOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { LogConsumer } from '../api/events.js';
import { isEngineError, type EngineEvent, type HijackedStream } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import type { ConvergedContainer } from './convergence.js';
import { createProject, selectServices } from './create.js';
import { emit } from './emit.js';
import { LABEL, labelFilter } from './labels.js';
import { displayName } from './naming.js';
import { containerNameOf } from './project-containers.js';
import { startProject } from './start.js';

/** Checks the flag combinations compose rejects, before any engine call. */
export function validateUpOptions(project: Project, options: UpOptions): void {
  const fail = (message: string): never => {
    throw new ComposeError('USAGE', message);
  };
  if (options.build === true && options.noBuild === true) {
    fail('--build and --no-build are incompatible');
  }
  if (options.abortOnContainerExit === true && options.abortOnContainerFailure === true) {
    fail('--abort-on-container-failure cannot be combined with --abort-on-container-exit');
  }
  if (
    options.detach === true &&
    (options.abortOnContainerExit === true ||
      options.abortOnContainerFailure === true ||
      options.attach !== undefined ||
      options.attachDependencies === true ||
      options.watch !== undefined)
  ) {
    fail(
      '--detach cannot be combined with --abort-on-container-exit, --abort-on-container-failure, --attach, --attach-dependencies or --watch',
    );
  }
  if (
    options.wait === true &&
    (options.abortOnContainerExit === true ||
      options.attach !== undefined ||
      options.attachDependencies === true)
  ) {
    fail(
      '--wait cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies',
    );
  }
  if (
    options.waitTimeout !== undefined &&
    (!Number.isInteger(options.waitTimeout) || options.waitTimeout < 0)
  ) {
    fail('--wait-timeout must be a non-negative integer');
  }
  if (
    options.exitCodeFrom !== undefined &&
    !Object.hasOwn(project.services, options.exitCodeFrom)
  ) {
    fail(`no such service: ${options.exitCodeFrom}`);
  }
  for (const name of [...(options.attach ?? []), ...(options.noAttach ?? [])]) {
    if (!Object.hasOwn(project.services, name)) fail(`no such service: ${name}`);
  }
}

/**
 * `up`: creates (building and pulling as needed) and starts the services. Detached (`detach`
 * or `wait`) it resolves with 0 once started; attached it follows the containers' output until
 * they exit (or `signal` aborts: the services are then stopped) and resolves with the exit code.
 * @throws ComposeError for invalid options and every failure of the create or start phase
 */
export async function up(
  ctx: ComposeContext,
  project: Project,
  options: UpOptions = {},
): Promise<number> {
  validateUpOptions(project, options);
  if (options.watch !== undefined) {
    (await import('./watch.js')).watchRules(project, options.services, options.noBuild === true);
  }
  const created = await createProject(ctx, project, options);
  if (options.noStart === true) return 0;
  const startOptions = {
    services: created.services,
    containers: created.containers,
    scale: options.scale,
    signal: options.signal,
  };
  if (options.detach === true || options.wait === true) {
    await startProject(ctx, project, {
      ...startOptions,
      wait: options.wait,
      waitTimeout: options.waitTimeout,
    });
    return 0;
  }
  return attached(ctx, project, created.containers, options, startOptions);
}

/** The services whose output is shown: `--attach`, else the named ones, minus `attach: false`. */
export function attachedServices(project: Project, options: UpOptions): string[] {
  let chosen: string[];
  if (options.attach !== undefined && options.attach.length > 0) chosen = [...options.attach];
  else if (options.attachDependencies === true) chosen = selectServices(project, options.services);
  else chosen = selectServices(project, options.services, true);
  const excluded = new Set(options.noAttach ?? []);
  return chosen.filter((s) => project.services[s].attach !== false && !excluded.has(s));
}

async function attached(
  ctx: ComposeContext,
  project: Project,
  containers: ReadonlyMap<string, readonly ConvergedContainer[]>,
  options: UpOptions,
  startOptions: Parameters<typeof startProject>[2],
): Promise<number> {
  const consumer: LogConsumer = options.logConsumer ?? {
    log: () => undefined,
    status: () => undefined,
  };
  const attachSet = new Set(attachedServices(project, options));
  const monitored = new Set(
    options.services !== undefined && options.services.length > 0 ? options.services : attachSet,
  );
  const targets = [...containers.values()]
    .flat()
    .filter((c) => attachSet.has(c.service))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  consumer.status({
    container: '',
    service: '',
    text: `Attaching to ${targets.map((c) => displayName(c.name, project.name)).join(', ')}`,
  });

  // Every attach connection and the pump reading it, until the pump has read the connection
  // to its end; whatever is still open when up returns is destroyed.
  const streams = new Map<string, HijackedStream>();
  const pumps = new Set<Promise<void>>();
  const attachTo = async (c: { id: string; name: string; service: string }): Promise<void> => {
    if (streams.has(c.id)) return;
    const stream = await ctx.engine.containers.attach(c.id, { logs: false });
    streams.set(c.id, stream);
    const pumped: Promise<void> = pump(
      stream,
      displayName(c.name, project.name),
      c.service,
      consumer,
    ).finally(() => {
      streams.delete(c.id);
      pumps.delete(pumped);
    });
    pumps.add(pumped);
  };
  // Follow the project's container events from now on, before anything starts.
  const events = new AbortController();
  const watchStop = new AbortController();
  let watching: import('./watch.js').WatchSession | undefined;
  let eventStream: AsyncIterable<EngineEvent>;
  try {
    const attached = await Promise.allSettled(targets.map(attachTo));
    const failed = attached.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    eventStream = await ctx.engine.events({
      filters: {
        type: ['container'],
        label: [labelFilter(LABEL.project, project.name), labelFilter(LABEL.oneoff, 'False')],
      },
      signal: events.signal,
    });
  } catch (err) {
    for (const s of streams.values()) s.close();
    throw err;
  }

  const running = new Set<string>();
  for (const c of [...containers.values()].flat()) {
    if (monitored.has(c.service)) running.add(c.id);
  }
  let exitCode = 0;
  let firstExit: number | undefined;
  const state = { aborting: false };
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  const stopAll = async (): Promise<void> => {
    // A watch's rebuilds replace containers: end it, then stop the containers there are now.
    if (watching !== undefined) {
      watchStop.abort();
      await watching.idle();
    }
    const all = (
      watching === undefined
        ? [...containers.values()].flat()
        : await runningContainers(ctx, project.name)
    ).filter(
      (c) =>
        options.services === undefined || options.services.length === 0 || monitored.has(c.service),
    );
    await Promise.all(
      all.map(async (c) => {
        emit(ctx, 'container', c.name, 'Stopping', 'working');
        await ctx.engine.containers.stop(c.id, { timeout: options.timeout }).catch(() => undefined);
        emit(ctx, 'container', c.name, 'Stopped');
      }),
    );
  };

  const onEvent = async (event: EngineEvent): Promise<void> => {
    const id = event.Actor.ID;
    const attrs: Record<string, string | undefined> = event.Actor.Attributes ?? {};
    const service = attrs[LABEL.service] ?? '';
    const name = attrs.name ?? id.slice(0, 12);
    if (event.Action === 'start' && monitored.has(service)) {
      running.add(id);
      if (attachSet.has(service)) await attachTo({ id, name, service }).catch(() => undefined);
      return;
    }
    if (event.Action !== 'die' || !running.has(id)) return;
    const code = Number(attrs.exitCode ?? '0');
    const restarting = await ctx.engine.containers
      .inspect(id)
      .then((i) => i.State.Restarting)
      .catch(() => false);
    const display = displayName(name, project.name);
    consumer.status({
      container: display,
      service,
      text: `${display} exited with code ${code}${restarting ? ' (restarting)' : ''}`,
    });
    if (restarting) return;
    running.delete(id);
    if (options.exitCodeFrom === service && firstExit === undefined) firstExit = code;
    const cascade =
      !state.aborting &&
      (options.abortOnContainerExit === true ||
        options.exitCodeFrom !== undefined ||
        (options.abortOnContainerFailure === true && code !== 0));
    if (cascade) {
      state.aborting = true;
      exitCode = code;
      ctx.events({
        id: 'Compose',
        kind: 'compose',
        name: 'Compose',
        status: 'working',
        text: 'Aborting',
        details: 'Aborting on container exit...',
      });
      await stopAll();
      resolveDone();
      return;
    }
    if (running.size === 0) {
      // A rebuild replaces containers: only its outcome tells whether anything still runs.
      if (watching?.busy === true) {
        void watching.idle().then(async () => {
          if (await nothingRunning(ctx, project.name, monitored)) resolveDone();
        });
      } else resolveDone();
    }
  };

  // The events are the monitor: when their connection breaks, the engine is gone and up ends
  // with that error (the stream also ends when the monitor is closed, which is no failure).
  let broken: Error | undefined;
  const pumpEvents = (async () => {
    try {
      for await (const event of eventStream) await onEvent(event);
    } catch (err) {
      if (!events.signal.aborted && isEngineError(err, 0)) {
        broken = err;
        resolveDone();
      }
    }
  })();

  const onAbort = (): void => {
    if (state.aborting) return;
    state.aborting = true;
    exitCode = 130;
    ctx.events({
      id: 'Compose',
      kind: 'compose',
      name: 'Compose',
      status: 'working',
      text: 'Stopping',
      details: 'Gracefully Stopping... press Ctrl+C again to force',
    });
    void stopAll().then(resolveDone);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    await startProject(ctx, project, { ...startOptions, signal: undefined });
    if (options.watch !== undefined && !state.aborting) {
      const { startWatch } = await import('./watch.js');
      watching = await startWatch(ctx, project, {
        ...options.watch,
        services: options.services,
        noUp: true,
        signal: watchStop.signal,
      });
      watching.done.catch(() => undefined);
    }
    if (running.size === 0 && !state.aborting) resolveDone();
    await done;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    events.abort();
    watchStop.abort();
    await watching?.done.catch(() => undefined);
    await pumpEvents;
    // The stopped containers' connections end by themselves once their last output is read;
    // give them a moment, then cut whatever is left (a container that is still running).
    await settleWithin([...pumps], 2000);
    for (const s of streams.values()) s.close();
    await Promise.all([...pumps]);
  }
  if (broken !== undefined) throw broken;
  if (options.signal?.aborted === true) return 130;
  if (options.exitCodeFrom !== undefined) return firstExit ?? exitCode;
  return exitCode;
}

/**
 * Waits for `promises` to settle, or for `ms` to pass, whichever comes first; the timer does
 * not outlive the wait (a pending timer would keep the process alive after up returns).
 */
export async function settleWithin(
  promises: readonly Promise<unknown>[],
  ms: number,
): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.allSettled(promises),
      new Promise((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The project's running service containers, as the engine lists them now. */
async function runningContainers(
  ctx: ComposeContext,
  projectName: string,
): Promise<{ id: string; name: string; service: string }[]> {
  const list = await ctx.engine.containers
    .list({
      filters: {
        label: [labelFilter(LABEL.project, projectName), labelFilter(LABEL.oneoff, 'False')],
      },
    })
    .catch(() => []);
  return list.map((c) => ({
    id: c.Id,
    name: containerNameOf(c),
    service: c.Labels?.[LABEL.service] ?? '',
  }));
}

/** True when none of the given services has a running container. */
async function nothingRunning(
  ctx: ComposeContext,
  projectName: string,
  services: ReadonlySet<string>,
): Promise<boolean> {
  const list = await ctx.engine.containers
    .list({ filters: { label: [labelFilter(LABEL.project, projectName)] } })
    .catch(() => []);
  return !list.some((c) => services.has(c.Labels?.[LABEL.service] ?? ''));
}

async function pump(
  stream: HijackedStream,
  container: string,
  service: string,
  consumer: LogConsumer,
): Promise<void> {
  const rest = { stdout: '', stderr: '' };
  try {
    for await (const chunk of stream.output) {
      const text = rest[chunk.stream] + chunk.data.toString('utf8');
      const lines = text.split('\n');
      rest[chunk.stream] = lines.pop() ?? '';
      for (const line of lines) {
        consumer.log({ container, service, stream: chunk.stream, text: line.replace(/\r$/, '') });
      }
    }
  } catch {
    // The connection closes when the container stops.
  }
  for (const s of ['stdout', 'stderr'] as const) {
    if (rest[s] !== '') consumer.log({ container, service, stream: s, text: rest[s] });
  }
}
