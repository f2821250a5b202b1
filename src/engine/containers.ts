import type { Readable } from 'node:stream';
import type { EngineCore } from './core.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import { HijackedStream, JsonStream, OutputStream } from './streams.js';
import { toEngineTime } from './timestamps.js';
import type {
  ContainerCreateBody,
  ContainerCreateResponse,
  ContainerConfig,
} from './types/container-config.js';
import type {
  ContainerInspect,
  ContainerStats,
  ContainerSummary,
  ContainerTop,
  ContainerWaitResponse,
  PathStat,
} from './types/container.js';

/** Options every call takes. */
export interface Abortable {
  /** Cancels the call; it then rejects with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
}

/** A time for `since`/`until`: Unix seconds, a Date, or text as {@link toEngineTime} reads it. */
export type EngineTime = string | number | Date;

export interface ContainerListOptions extends Abortable {
  /** Include stopped containers. @default false */
  readonly all?: boolean;
  readonly filters?: Filters;
  readonly limit?: number;
  /** Report SizeRw/SizeRootFs (slow). @default false */
  readonly size?: boolean;
}

export interface ContainerCreateOptions extends Abortable {
  readonly name?: string;
  /** `os[/arch[/variant]]` of the image to use. */
  readonly platform?: string;
}

export interface ContainerStopOptions extends Abortable {
  /** Seconds to wait before SIGKILL. @default the container's StopTimeout, else 10 */
  readonly timeout?: number;
  /** Signal to stop with (API >= 1.42). @default the container's StopSignal, else SIGTERM */
  readonly stopSignal?: string;
}

export interface ContainerRemoveOptions extends Abortable {
  /** Kill a running container first. */
  readonly force?: boolean;
  /** Also remove its anonymous volumes. */
  readonly volumes?: boolean;
  readonly link?: boolean;
}

export interface ContainerWaitOptions extends Abortable {
  /** @default 'not-running' */
  readonly condition?: 'not-running' | 'next-exit' | 'removed';
}

export interface ContainerLogsOptions extends Abortable {
  readonly follow?: boolean;
  readonly since?: EngineTime;
  readonly until?: EngineTime;
  /** Number of lines from the end, or `all`. @default 'all' */
  readonly tail?: number | 'all';
  readonly timestamps?: boolean;
  /** @default true */
  readonly stdout?: boolean;
  /** @default true */
  readonly stderr?: boolean;
  /** Whether the container has a TTY (raw output). @default asks the engine when not known */
  readonly tty?: boolean;
}

export interface ContainerAttachOptions extends Abortable {
  /** Attach the process's stdin. @default false */
  readonly stdin?: boolean;
  /** @default true */
  readonly stdout?: boolean;
  /** @default true */
  readonly stderr?: boolean;
  /** Replay the logs first. @default false */
  readonly logs?: boolean;
  readonly detachKeys?: string;
  /** @default asks the engine when not known */
  readonly tty?: boolean;
}

export interface ArchiveOptions extends Abortable {
  /** Refuse to replace a directory with a non-directory and vice versa. */
  readonly noOverwriteDirNonDir?: boolean;
  /** Give the copied files the container user's UID/GID. */
  readonly copyUIDGID?: boolean;
}

export interface CommitOptions extends Abortable {
  readonly repo?: string;
  readonly tag?: string;
  readonly comment?: string;
  readonly author?: string;
  /** Pause the container while committing. @default true */
  readonly pause?: boolean;
  /** Dockerfile instructions to apply (`CMD ["sh"]`, `ENV A=1`). */
  readonly changes?: readonly string[];
  /** Configuration to merge into the image's. */
  readonly config?: ContainerConfig;
}

/** A wait registered with the engine; `result` settles when the condition is met. */
export interface PendingWait {
  readonly result: Promise<ContainerWaitResponse>;
}

/** `/containers/*`: lifecycle, observation, streams and files of containers. */
export class ContainerApi {
  constructor(private readonly core: EngineCore) {}

  /** `GET /containers/json`. */
  list(options: ContainerListOptions = {}): Promise<ContainerSummary[]> {
    return this.core.json('GET', '/containers/json', {
      query: {
        all: options.all,
        limit: options.limit,
        size: options.size,
        filters: encodeFilters(options.filters),
      },
      signal: options.signal,
    });
  }

  /** `POST /containers/create`. @throws {EngineError} 404 missing image, 409 name in use */
  create(
    body: ContainerCreateBody,
    options: ContainerCreateOptions = {},
  ): Promise<ContainerCreateResponse> {
    return this.core.json('POST', '/containers/create', {
      query: { name: options.name, platform: options.platform },
      json: body,
      signal: options.signal,
    });
  }

  /** `GET /containers/{id}/json`. @throws {EngineError} 404 when there is no such container */
  inspect(id: string, options: Abortable & { size?: boolean } = {}): Promise<ContainerInspect> {
    return this.core.json('GET', `/containers/${pathSegment(id)}/json`, {
      query: { size: options.size },
      signal: options.signal,
    });
  }

  /** Starts a container; starting a running one succeeds (engine answers 304). */
  async start(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/start`, options);
  }

  /** Stops a container (signal, then SIGKILL after the timeout); a stopped one is fine (304). */
  async stop(id: string, options: ContainerStopOptions = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/stop`, {
      query: { t: options.timeout, signal: options.stopSignal },
      signal: options.signal,
    });
  }

  /** Restarts a container. */
  async restart(id: string, options: ContainerStopOptions = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/restart`, {
      query: { t: options.timeout, signal: options.stopSignal },
      signal: options.signal,
    });
  }

  /**
   * Sends a signal. @default killSignal 'SIGKILL'
   * @throws {EngineError} 409 when the container is not running
   */
  async kill(id: string, options: Abortable & { killSignal?: string } = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/kill`, {
      query: { signal: options.killSignal },
      signal: options.signal,
    });
  }

  /** Pauses all processes of a container. */
  async pause(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/pause`, options);
  }

  /** Resumes a paused container. */
  async unpause(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/unpause`, options);
  }

  /** `DELETE /containers/{id}`. @throws {EngineError} 409 when running without `force` */
  async remove(id: string, options: ContainerRemoveOptions = {}): Promise<void> {
    await this.core.empty('DELETE', `/containers/${pathSegment(id)}`, {
      query: { force: options.force, v: options.volumes, link: options.link },
      signal: options.signal,
    });
  }

  /** Renames a container. @throws {EngineError} 409 when the name is taken */
  async rename(id: string, name: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/rename`, {
      query: { name },
      signal: options.signal,
    });
  }

  /** Waits for a condition (default: not running) and returns the exit status. */
  async wait(id: string, options: ContainerWaitOptions = {}): Promise<ContainerWaitResponse> {
    return (await this.beginWait(id, options)).result;
  }

  /**
   * Registers a wait and resolves once the engine has it (so an exit right after cannot be
   * missed, e.g. wait with `next-exit` before start); `result` settles at the exit.
   */
  async beginWait(id: string, options: ContainerWaitOptions = {}): Promise<PendingWait> {
    const path = `/containers/${pathSegment(id)}/wait`;
    const res = await this.core.stream('POST', path, {
      query: { condition: options.condition },
      signal: options.signal,
    });
    const result = new Promise<ContainerWaitResponse>((resolve, reject) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      const lost = this.core.lost('POST', path);
      res.on('error', (err) => {
        reject(lost(err));
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as ContainerWaitResponse);
        } catch (cause) {
          reject(this.core.error(`malformed wait answer: ${text}`, res, 'POST', path, cause));
        }
      });
    });
    // Callers may drop `result`; an unobserved rejection must not crash the process.
    result.catch(() => undefined);
    return { result };
  }

  /** The container's logs, demultiplexed (or raw for a TTY). */
  async logs(id: string, options: ContainerLogsOptions = {}): Promise<OutputStream> {
    const res = await this.core.stream('GET', `/containers/${pathSegment(id)}/logs`, {
      query: {
        follow: options.follow,
        since: options.since === undefined ? undefined : toEngineTime(options.since),
        until: options.until === undefined ? undefined : toEngineTime(options.until),
        tail: options.tail === undefined ? undefined : String(options.tail),
        timestamps: options.timestamps,
        stdout: options.stdout ?? true,
        stderr: options.stderr ?? true,
      },
      signal: options.signal,
    });
    let tty = options.tty ?? ttyFromContentType(res.headers['content-type']);
    if (tty === undefined) {
      try {
        tty = (await this.inspect(id, { signal: options.signal })).Config.Tty === true;
      } catch (err) {
        res.destroy();
        throw err;
      }
    }
    return new OutputStream(res, tty, this.core.lost('GET', `/containers/${pathSegment(id)}/logs`));
  }

  /** Attaches to a container's streams over a hijacked connection (stdin when asked). */
  async attach(id: string, options: ContainerAttachOptions = {}): Promise<HijackedStream> {
    const tty =
      options.tty ?? (await this.inspect(id, { signal: options.signal })).Config.Tty === true;
    return this.core.hijack('POST', `/containers/${pathSegment(id)}/attach`, tty, {
      query: {
        stream: true,
        logs: options.logs ?? false,
        stdin: options.stdin ?? false,
        stdout: options.stdout ?? true,
        stderr: options.stderr ?? true,
        detachKeys: options.detachKeys,
      },
      signal: options.signal,
    });
  }

  /** Resizes the container's TTY. */
  async resize(id: string, size: { h: number; w: number }, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/containers/${pathSegment(id)}/resize`, {
      query: { h: size.h, w: size.w },
      signal: options.signal,
    });
  }

  /** Processes of a running container (`ps` columns). */
  top(id: string, options: Abortable & { psArgs?: string } = {}): Promise<ContainerTop> {
    return this.core.json('GET', `/containers/${pathSegment(id)}/top`, {
      query: { ps_args: options.psArgs },
      signal: options.signal,
    });
  }

  /**
   * One resource-usage sample. With `oneShot` the engine answers at once without the previous
   * CPU sample (precpu_stats empty); otherwise it waits about a second to fill it.
   */
  stats(id: string, options: Abortable & { oneShot?: boolean } = {}): Promise<ContainerStats> {
    return this.core.json('GET', `/containers/${pathSegment(id)}/stats`, {
      query: { stream: false, 'one-shot': options.oneShot },
      signal: options.signal,
    });
  }

  /** A live stream of resource-usage samples (about one per second). */
  async statsStream(id: string, options: Abortable = {}): Promise<JsonStream<ContainerStats>> {
    const path = `/containers/${pathSegment(id)}/stats`;
    const res = await this.core.stream('GET', path, {
      query: { stream: true },
      signal: options.signal,
    });
    return new JsonStream<ContainerStats>(
      res,
      undefined,
      (line, cause) =>
        this.core.error(`malformed stats line: ${line.slice(0, 200)}`, res, 'GET', path, cause),
      this.core.lost('GET', path),
    );
  }

  /** Stat of a path inside the container (for `cp`). @throws {EngineError} 404 when missing */
  async statPath(id: string, path: string, options: Abortable = {}): Promise<PathStat> {
    const p = `/containers/${pathSegment(id)}/archive`;
    const res = await this.core.send('HEAD', p, { query: { path }, signal: options.signal });
    res.resume();
    if ((res.statusCode ?? 0) >= 400) {
      throw this.core.error(
        `cannot stat ${path} in container ${id}: ${res.statusCode ?? 0} ${res.statusMessage ?? ''}`,
        res,
        'HEAD',
        p,
      );
    }
    return decodePathStat(res.headers['x-docker-container-path-stat'], this.core, res, 'HEAD', p);
  }

  /** A tar archive of a path inside the container, with the path's stat. */
  async getArchive(
    id: string,
    path: string,
    options: Abortable = {},
  ): Promise<{ stat: PathStat; tar: Readable }> {
    const p = `/containers/${pathSegment(id)}/archive`;
    const res = await this.core.stream('GET', p, { query: { path }, signal: options.signal });
    let stat: PathStat;
    try {
      stat = decodePathStat(res.headers['x-docker-container-path-stat'], this.core, res, 'GET', p);
    } catch (err) {
      res.destroy();
      throw err;
    }
    return { stat, tar: res };
  }

  /** Extracts a tar archive into a directory of the container (which must exist). */
  async putArchive(
    id: string,
    path: string,
    tar: Buffer | Readable,
    options: ArchiveOptions = {},
  ): Promise<void> {
    await this.core.empty('PUT', `/containers/${pathSegment(id)}/archive`, {
      query: {
        path,
        noOverwriteDirNonDir: options.noOverwriteDirNonDir,
        copyUIDGID: options.copyUIDGID,
      },
      body: tar,
      contentType: 'application/x-tar',
      signal: options.signal,
    });
  }

  /** The container's whole filesystem as a tar stream. */
  export(id: string, options: Abortable = {}): Promise<Readable> {
    return this.core.stream('GET', `/containers/${pathSegment(id)}/export`, options);
  }

  /** Creates an image from a container's changes. */
  commit(id: string, options: CommitOptions = {}): Promise<{ Id: string }> {
    return this.core.json('POST', '/commit', {
      query: {
        container: id,
        repo: options.repo,
        tag: options.tag,
        comment: options.comment,
        author: options.author,
        pause: options.pause,
        changes: options.changes,
      },
      json: options.config ?? {},
      signal: options.signal,
    });
  }
}

/** Reads the engine's stream kind from Content-Type (API >= 1.42); undefined when it is silent. */
export function ttyFromContentType(contentType: string | undefined): boolean | undefined {
  if (contentType === 'application/vnd.docker.multiplexed-stream') return false;
  if (contentType === 'application/vnd.docker.raw-stream') return true;
  return undefined;
}

function decodePathStat(
  header: string | string[] | undefined,
  core: EngineCore,
  res: Parameters<EngineCore['error']>[1],
  method: string,
  path: string,
): PathStat {
  const value = Array.isArray(header) ? header[0] : header;
  try {
    return JSON.parse(Buffer.from(value ?? '', 'base64').toString('utf8')) as PathStat;
  } catch (cause) {
    throw core.error(
      `missing or malformed path stat header: ${value ?? ''}`,
      res,
      method,
      path,
      cause,
    );
  }
}
