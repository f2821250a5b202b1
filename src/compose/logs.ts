// `logs`: container output, dumped in parallel or followed (including containers started later).
import type { LogsOptions } from '../api/compose.js';
import type { LogConsumer } from '../api/events.js';
import { ComposeError } from '../api/errors.js';
import {
  isAbortError,
  isEngineError,
  type ContainerSummary as EngineContainer,
  type EngineClient,
  type OutputStream,
} from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { LABEL, labelFilter } from './labels.js';
import { displayName } from './naming.js';
import {
  checkServices,
  containerNameOf,
  listProjectContainers,
  replicaNumber,
  serviceOf,
} from './project-containers.js';

/**
 * Sends the output of the project's containers to `consumer`, line by line. Without `follow`,
 * dumps every container in parallel and resolves. With `follow`, keeps streaming, also from
 * containers started later (found through engine events), until `signal` aborts or no followed
 * container runs any more (a container its restart policy brings back still counts). With a loaded
 * project and no service named, services with `attach: false` are left out.
 * @throws {ComposeError} `USAGE` for an unknown service or `index` without exactly one service
 */
export async function logs(
  ctx: ComposeContext,
  projectOrName: Project | string,
  consumer: LogConsumer,
  options: LogsOptions = {},
): Promise<void> {
  const name = typeof projectOrName === 'string' ? projectOrName : projectOrName.name;
  const services = options.services ?? [];
  if (typeof projectOrName !== 'string') checkServices(projectOrName, services);
  if (options.index !== undefined && services.length !== 1) {
    throw new ComposeError('USAGE', '--index requires exactly one service');
  }
  const containers = await logContainers(ctx, projectOrName, services, options);
  const follower = new LogFollower(ctx.engine, name, consumer, options);
  if (options.follow !== true) {
    await Promise.all(
      containers.map((c) => follower.stream(c.Id, containerNameOf(c), serviceOf(c))),
    );
    return;
  }
  await follow(follower, containers, services, options);
}

/**
 * The containers whose output is shown: those of the named services (all, minus the services
 * with `attach: false` of a loaded project, when none is named), only replica `index` if given.
 */
async function logContainers(
  ctx: ComposeContext,
  projectOrName: Project | string,
  services: readonly string[],
  options: LogsOptions,
): Promise<EngineContainer[]> {
  const name = typeof projectOrName === 'string' ? projectOrName : projectOrName.name;
  let containers = await listProjectContainers(ctx.engine, name, {
    all: true,
    services,
    signal: options.signal,
  });
  if (typeof projectOrName !== 'string' && services.length === 0) {
    const p = projectOrName;
    containers = containers.filter((c) => {
      const s = serviceOf(c);
      return !Object.hasOwn(p.services, s) || p.services[s].attach !== false;
    });
  }
  if (options.index !== undefined) {
    containers = containers.filter((c) => replicaNumber(c) === options.index);
  }
  return containers;
}

/**
 * Streams the containers' output and that of the containers started later, until the signal
 * aborts or no followed container runs any more (none at the start, or the last one stopped),
 * as docker compose does; or with an error when the connection to the engine breaks (a stream
 * that ends is a container that stopped).
 */
async function follow(
  follower: LogFollower,
  containers: readonly EngineContainer[],
  services: readonly string[],
  options: LogsOptions,
): Promise<void> {
  const signal = options.signal;
  let allStopped: () => void = () => undefined;
  let broken: Error | undefined;
  const done = new Promise<void>((resolve) => {
    allStopped = resolve;
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
  const fail = (err: unknown): void => {
    // A container removed meanwhile (404) ends its stream; no answer at all is the engine gone.
    if (!isEngineError(err, 0) || broken !== undefined) return;
    broken = err;
    allStopped();
  };
  follower.onFailure = fail;
  const streams = new Set<Promise<void>>();
  const running = new Set(containers.filter((c) => c.State === 'running').map((c) => c.Id));
  for (const c of containers) {
    const s = follower.stream(c.Id, containerNameOf(c), serviceOf(c)).catch(fail);
    streams.add(s);
  }
  const stopWhenIdle = (): void => {
    if (running.size > 0) return;
    // The streams of the stopped containers end by themselves: print their last lines first.
    void Promise.all(streams).then(() => {
      if (running.size === 0) allStopped();
    });
  };
  const watching = new AbortController();
  signal?.addEventListener(
    'abort',
    () => {
      watching.abort();
    },
    { once: true },
  );
  void follower
    .watch(services, options.index, Math.floor(Date.now() / 1000), watching.signal, {
      started: (id, stream) => {
        running.add(id);
        if (stream !== undefined) streams.add(stream);
      },
      stopped: (id) => {
        running.delete(id);
        stopWhenIdle();
      },
    })
    .catch(fail);
  stopWhenIdle();
  await done;
  watching.abort();
  if (broken !== undefined) {
    for (const s of follower.open) s.close();
    throw broken;
  }
}

/** What {@link LogFollower.watch} reports. */
interface WatchListener {
  /** A followed container started; `stream` is its log stream when one was opened. */
  started(id: string, stream: Promise<void> | undefined): void;
  /** A followed container stopped for good (not restarting). */
  stopped(id: string): void;
}

class LogFollower {
  private readonly active = new Set<string>();
  /** The streams being read, closed when following ends on a failure. */
  readonly open = new Set<{ close(): void }>();
  /** Receives the failure of a stream opened for a container that started later. */
  onFailure: (err: unknown) => void = () => undefined;

  constructor(
    private readonly engine: EngineClient,
    private readonly project: string,
    private readonly consumer: LogConsumer,
    private readonly options: LogsOptions,
  ) {}

  /** Streams one container's logs to the consumer; resolves at the end of the stream. */
  async stream(id: string, name: string, service: string, since?: number): Promise<void> {
    if (this.active.has(id)) return;
    this.active.add(id);
    const o = this.options;
    const container = displayName(name, this.project);
    let out: OutputStream | undefined;
    try {
      out = await this.engine.containers.logs(id, {
        follow: o.follow === true,
        tail: o.tail === undefined || o.tail === 'all' ? 'all' : Number(o.tail),
        since: since ?? o.since,
        until: o.until,
        timestamps: o.timestamps === true,
        signal: o.signal,
      });
      this.open.add(out);
      const pending = { stdout: '', stderr: '' };
      for await (const chunk of out) {
        const text = pending[chunk.stream] + chunk.data.toString('utf8');
        const lines = text.split('\n');
        pending[chunk.stream] = lines.pop() ?? '';
        for (const line of lines) {
          this.consumer.log({ container, service, stream: chunk.stream, text: line });
        }
      }
      for (const stream of ['stdout', 'stderr'] as const) {
        if (pending[stream] !== '') {
          this.consumer.log({ container, service, stream, text: pending[stream] });
        }
      }
    } catch (err) {
      if (!isAbortError(err) && o.signal?.aborted !== true) throw err;
    } finally {
      this.active.delete(id);
      if (out !== undefined) this.open.delete(out);
    }
  }

  /**
   * Follows the project's containers from now on: the logs of those that start, and the stops of
   * those that do not come back by themselves (a restart policy bringing them up again).
   */
  async watch(
    services: readonly string[],
    index: number | undefined,
    since: number,
    signal: AbortSignal,
    listener: WatchListener,
  ): Promise<void> {
    const label = [labelFilter(LABEL.project, this.project), labelFilter(LABEL.oneoff, 'False')];
    try {
      const events = await this.engine.events({
        since,
        filters: { type: ['container'], event: ['start', 'die'], label },
        signal,
      });
      for await (const e of events) {
        const attrs: Partial<Record<string, string>> = e.Actor.Attributes ?? {};
        const service = attrs[LABEL.service] ?? '';
        if (services.length > 0 && !services.includes(service)) continue;
        if (attrs[LABEL.configHash] === undefined) continue;
        const number = Number(attrs[LABEL.containerNumber] ?? '0');
        if (index !== undefined && number !== index) continue;
        const id = e.Actor.ID;
        if (e.Action === 'die') {
          void this.engine.containers
            .inspect(id, { signal })
            .then(
              (c) => !c.State.Restarting && !c.State.Running,
              () => true,
            )
            .then((gone) => {
              if (gone) listener.stopped(id);
            });
          continue;
        }
        const stub = { Id: id, Names: [attrs.name ?? id] } as Pick<EngineContainer, 'Id' | 'Names'>;
        const stream = this.active.has(id)
          ? undefined
          : this.stream(id, containerNameOf(stub), service, e.time).catch(this.onFailure);
        listener.started(id, stream);
      }
    } catch (err) {
      if (!isAbortError(err) && !signal.aborted) throw err;
    }
  }
}
