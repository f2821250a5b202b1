// `up` in the foreground, as docker compose runs it: the containers' output multiplexed to a log
// consumer (LogStreams), their exits followed through the engine's events (ExitMonitor), the
// services stopped on an interrupt or when one exit ends them all (`--abort-on-container-exit`).
import type { UpOptions } from '../api/compose.js';
import type { LogConsumer } from '../api/events.js';
import { isEngineError, type EngineEvent, type HijackedStream } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import type { ConvergedContainer } from './convergence.js';
import { selectServices } from './create.js';
import { emit } from './emit.js';
import { LABEL, labelFilter } from './labels.js';
import { displayName } from './naming.js';
import { containerNameOf } from './project-containers.js';
import { startProject, type StartProjectOptions } from './start.js';
import type { WatchSession } from './watch-session.js';
import type { WatchRule } from './watch-rules.js';

/** A container the attached `up` follows. */
interface Followed {
  readonly id: string;
  readonly name: string;
  readonly service: string;
}

/** How long the output of stopped containers may take to drain before the connections are cut. */
const DRAIN_MS = 2000;

/** The services whose output is shown: `--attach`, else the named ones, minus `attach: false`. */
export function attachedServices(project: Project, options: UpOptions): string[] {
  let chosen: string[];
  if (options.attach !== undefined && options.attach.length > 0) chosen = [...options.attach];
  else if (options.attachDependencies === true) chosen = selectServices(project, options.services);
  else chosen = selectServices(project, options.services, true);
  const excluded = new Set(options.noAttach ?? []);
  return chosen.filter((s) => project.services[s].attach !== false && !excluded.has(s));
}

/**
 * The start phase of an attached `up`: attaches to the containers and follows the project's
 * events before anything starts, starts the services (and the watch of `--watch` with `rules`),
 * then waits until the followed containers have exited or `options.signal` aborts.
 * @returns the exit code: 130 when interrupted; else that of `--exit-code-from`'s service or of
 *   the container whose exit ended the others; else 0
 */
export async function upAttached(
  ctx: ComposeContext,
  project: Project,
  options: UpOptions,
  start: StartProjectOptions,
  rules: readonly WatchRule[] | undefined,
): Promise<number> {
  const consumer: LogConsumer = options.logConsumer ?? {
    log: () => undefined,
    status: () => undefined,
  };
  const containers = start.containers ?? new Map<string, readonly ConvergedContainer[]>();
  const attached = new Set(attachedServices(project, options));
  const targets = [...containers.values()]
    .flat()
    .filter((c) => attached.has(c.service))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  consumer.status({
    container: '',
    service: '',
    text: `Attaching to ${targets.map((c) => displayName(c.name, project.name)).join(', ')}`,
  });

  const logs = new LogStreams(ctx, project.name, consumer);
  const events = new AbortController();
  const stream = await connect(ctx, project.name, targets, logs, events.signal);
  const monitor = new ExitMonitor(ctx, project, options, consumer, logs, attached, containers);
  const following = monitor.follow(stream, events.signal);
  const interrupt = (): void => {
    monitor.interrupt();
  };
  options.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    await startProject(ctx, project, { ...start, signal: undefined });
    if (rules !== undefined) await monitor.startWatch(rules);
    await monitor.finished();
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    events.abort();
    await monitor.endWatch();
    await following;
    await logs.drain();
  }
  if (monitor.broken !== undefined) throw monitor.broken;
  return monitor.exitCode(options.signal?.aborted === true);
}

/**
 * Attaches to `targets` and subscribes to the project's container events, from now on.
 * @throws the first failure, with every connection opened so far closed
 */
async function connect(
  ctx: ComposeContext,
  projectName: string,
  targets: readonly Followed[],
  logs: LogStreams,
  signal: AbortSignal,
): Promise<AsyncIterable<EngineEvent>> {
  try {
    const attached = await Promise.allSettled(targets.map((c) => logs.attach(c)));
    const failed = attached.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return await ctx.engine.events({
      filters: {
        type: ['container'],
        label: [labelFilter(LABEL.project, projectName), labelFilter(LABEL.oneoff, 'False')],
      },
      signal,
    });
  } catch (err) {
    logs.close();
    throw err;
  }
}

/**
 * The attach connections and the pump reading each, until the pump has read its connection to
 * the end; whatever is still open at the end of `up` is cut ({@link drain}).
 */
class LogStreams {
  private readonly streams = new Map<string, HijackedStream>();
  private readonly pumps = new Set<Promise<void>>();

  constructor(
    private readonly ctx: ComposeContext,
    private readonly projectName: string,
    private readonly consumer: LogConsumer,
  ) {}

  /** Attaches to a container's output, unless already attached. */
  async attach(c: Followed): Promise<void> {
    if (this.streams.has(c.id)) return;
    const stream = await this.ctx.engine.containers.attach(c.id, { logs: false });
    this.streams.set(c.id, stream);
    const pumped: Promise<void> = pump(
      stream,
      displayName(c.name, this.projectName),
      c.service,
      this.consumer,
    ).finally(() => {
      this.streams.delete(c.id);
      this.pumps.delete(pumped);
    });
    this.pumps.add(pumped);
  }

  /** Closes every connection still open. */
  close(): void {
    for (const s of this.streams.values()) s.close();
  }

  /**
   * The stopped containers' connections end by themselves once their last output is read: gives
   * them a moment, then cuts whatever is left (a container that is still running).
   */
  async drain(): Promise<void> {
    await settleWithin([...this.pumps], DRAIN_MS);
    this.close();
    await Promise.all([...this.pumps]);
  }
}

/**
 * Follows the exits of the monitored containers (the named services', else the attached ones')
 * through the engine's events, and decides when the attached `up` is over: once none runs, at
 * the first exit that ends them all (`--abort-on-container-exit`, `--exit-code-from`,
 * `--abort-on-container-failure` for a non-zero code), or on an interrupt.
 */
class ExitMonitor {
  private readonly monitored: ReadonlySet<string>;
  private readonly running = new Set<string>();
  private code = 0;
  private firstExit: number | undefined;
  private aborting = false;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;
  private watching: WatchSession | undefined;
  private readonly watchStop = new AbortController();
  /** The engine connection broke: the events are the monitor, so `up` ends with that error. */
  broken: Error | undefined;

  constructor(
    private readonly ctx: ComposeContext,
    private readonly project: Project,
    private readonly options: UpOptions,
    private readonly consumer: LogConsumer,
    private readonly logs: LogStreams,
    private readonly attached: ReadonlySet<string>,
    private readonly containers: ReadonlyMap<string, readonly ConvergedContainer[]>,
  ) {
    const named = options.services !== undefined && options.services.length > 0;
    this.monitored = new Set(named ? options.services : attached);
    for (const c of [...containers.values()].flat()) {
      if (this.monitored.has(c.service)) this.running.add(c.id);
    }
    this.done = new Promise<void>((resolve) => (this.resolveDone = resolve));
  }

  /**
   * Handles the events until the stream ends: when the subscription is aborted (no failure), or
   * when the connection to the engine breaks ({@link broken}).
   */
  async follow(events: AsyncIterable<EngineEvent>, subscription: AbortSignal): Promise<void> {
    try {
      for await (const event of events) await this.onEvent(event);
    } catch (err) {
      if (!subscription.aborted && isEngineError(err, 0)) {
        this.broken = err;
        this.resolveDone();
      }
    }
  }

  /** Starts the watch of `up --watch`, unless the services are already being stopped. */
  async startWatch(rules: readonly WatchRule[]): Promise<void> {
    if (this.aborting || this.options.watch === undefined) return;
    const { startWatch } = await import('./watch-session.js');
    this.watching = await startWatch(this.ctx, this.project, rules, {
      ...this.options.watch,
      services: this.options.services,
      signal: this.watchStop.signal,
    });
    this.watching.done.catch(() => undefined);
  }

  /** Resolves when the attached `up` is over. */
  finished(): Promise<void> {
    if (this.running.size === 0 && !this.aborting) this.resolveDone();
    return this.done;
  }

  /** Ends the watch, once its batch in progress is over. */
  async endWatch(): Promise<void> {
    this.watchStop.abort();
    await this.watching?.done.catch(() => undefined);
  }

  /** Ctrl-C: stops the services, once. */
  interrupt(): void {
    if (this.aborting) return;
    this.aborting = true;
    this.code = 130;
    this.announce('Stopping', 'Gracefully Stopping... press Ctrl+C again to force');
    void this.stopAll().then(this.resolveDone);
  }

  exitCode(interrupted: boolean): number {
    if (interrupted) return 130;
    if (this.options.exitCodeFrom !== undefined) return this.firstExit ?? this.code;
    return this.code;
  }

  private async onEvent(event: EngineEvent): Promise<void> {
    const id = event.Actor.ID;
    const attrs: Record<string, string | undefined> = event.Actor.Attributes ?? {};
    const service = attrs[LABEL.service] ?? '';
    const name = attrs.name ?? id.slice(0, 12);
    if (event.Action === 'start' && this.monitored.has(service)) {
      this.running.add(id);
      if (this.attached.has(service))
        await this.logs.attach({ id, name, service }).catch(() => undefined);
      return;
    }
    if (event.Action === 'die' && this.running.has(id)) {
      await this.onExit({ id, name, service }, Number(attrs.exitCode ?? '0'));
    }
  }

  /** A monitored container exited: reports it, then ends `up` if that exit says so. */
  private async onExit(c: Followed, code: number): Promise<void> {
    const restarting = await this.ctx.engine.containers
      .inspect(c.id)
      .then((i) => i.State.Restarting)
      .catch(() => false);
    const display = displayName(c.name, this.project.name);
    this.consumer.status({
      container: display,
      service: c.service,
      text: `${display} exited with code ${code}${restarting ? ' (restarting)' : ''}`,
    });
    if (restarting) return;
    this.running.delete(c.id);
    if (this.options.exitCodeFrom === c.service && this.firstExit === undefined) {
      this.firstExit = code;
    }
    if (this.cascades(code)) {
      this.aborting = true;
      this.code = code;
      this.announce('Aborting', 'Aborting on container exit...');
      await this.stopAll();
      this.resolveDone();
      return;
    }
    if (this.running.size === 0) this.onNoneRunning();
  }

  /** True when this exit stops every service. */
  private cascades(code: number): boolean {
    const o = this.options;
    return (
      !this.aborting &&
      (o.abortOnContainerExit === true ||
        o.exitCodeFrom !== undefined ||
        (o.abortOnContainerFailure === true && code !== 0))
    );
  }

  /** The last monitored container exited: `up` is over, unless a rebuild is replacing it. */
  private onNoneRunning(): void {
    if (this.watching?.busy !== true) {
      this.resolveDone();
      return;
    }
    // A rebuild replaces containers: only its outcome tells whether anything still runs.
    void this.watching.idle().then(async () => {
      if (await nothingRunning(this.ctx, this.project.name, this.monitored)) this.resolveDone();
    });
  }

  private announce(text: string, details: string): void {
    this.ctx.events({
      id: 'Compose',
      kind: 'compose',
      name: 'Compose',
      status: 'working',
      text,
      details,
    });
  }

  /** Stops the containers of the monitored services (all of them when none is named). */
  private async stopAll(): Promise<void> {
    // A watch's rebuilds replace containers: end it, then stop the containers there are now.
    if (this.watching !== undefined) {
      this.watchStop.abort();
      await this.watching.idle();
    }
    const named = this.options.services !== undefined && this.options.services.length > 0;
    const all = (
      this.watching === undefined
        ? [...this.containers.values()].flat()
        : await runningContainers(this.ctx, this.project.name)
    ).filter((c) => !named || this.monitored.has(c.service));
    await Promise.all(
      all.map(async (c) => {
        emit(this.ctx, 'container', c.name, 'Stopping', 'working');
        await this.ctx.engine.containers
          .stop(c.id, { timeout: this.options.timeout })
          .catch(() => undefined);
        emit(this.ctx, 'container', c.name, 'Stopped');
      }),
    );
  }
}

/**
 * Waits for `promises` to settle, or for `ms` to pass, whichever comes first; the timer does
 * not outlive the wait (a pending timer would keep the process alive after up returns).
 */
async function settleWithin(promises: readonly Promise<unknown>[], ms: number): Promise<void> {
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
async function runningContainers(ctx: ComposeContext, projectName: string): Promise<Followed[]> {
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

/** Reads a container's output to its end, handing each line to `consumer`. */
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
