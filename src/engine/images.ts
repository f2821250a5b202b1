import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { EngineError } from './errors.js';
import { encodeFilters, pathSegment, type Filters } from './query.js';
import { JsonStream } from './streams.js';
import type { Ulimit } from './types/container-config.js';
import type {
  AuthConfig,
  ImageDeleteItem,
  ImageInspect,
  ImageSummary,
  JsonMessage,
} from './types/image.js';

export interface ImagePullOptions extends Abortable {
  /** `os[/arch[/variant]]`. */
  readonly platform?: string;
  /** Credentials for the registry (sent as `X-Registry-Auth`). */
  readonly auth?: AuthConfig;
}

/** Options of `POST /build` (the classic builder). */
export interface ImageBuildOptions extends Abortable {
  /** Names to tag the result with (`t`, repeated). */
  readonly tags?: readonly string[];
  /** Path of the Dockerfile inside the context. @default 'Dockerfile' */
  readonly dockerfile?: string;
  /** Stage of a multi-stage Dockerfile to stop at. */
  readonly target?: string;
  /** Build arguments; null passes the variable from the builder's environment. */
  readonly buildArgs?: Readonly<Record<string, string | null>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  /** Always try to pull newer base images. */
  readonly pull?: boolean;
  /** Network for RUN steps (`default`, `host`, `none`, a network name). */
  readonly networkMode?: string;
  /** `host:ip` entries added to /etc/hosts of RUN steps. */
  readonly extraHosts?: readonly string[];
  /** Size of /dev/shm in bytes. */
  readonly shmSize?: number;
  readonly cacheFrom?: readonly string[];
  readonly platform?: string;
  /** Remove intermediate containers after a successful build. @default true (engine default) */
  readonly remove?: boolean;
  /** Always remove intermediate containers. */
  readonly forceRemove?: boolean;
  /** Suppress the build output (only the image ID is reported). */
  readonly quiet?: boolean;
  readonly isolation?: string;
  readonly ulimits?: readonly Ulimit[];
  readonly memory?: number;
  readonly cgroupParent?: string;
  /** A git URL or tarball URL to build from instead of an uploaded context. */
  readonly remote?: string;
  /** Registry credentials by server address, for pulling base images (`X-Registry-Config`). */
  readonly registryConfig?: Readonly<Record<string, AuthConfig>>;
}

/** `EngineError.code` of a failure the engine reported inside a build/pull/push stream. */
export const STREAM_ERROR = 'ESTREAM';

/** `/images/*` and `/build`. */
export class ImageApi {
  constructor(private readonly core: EngineCore) {}

  /** `GET /images/json`. */
  list(
    options: Abortable & { all?: boolean; filters?: Filters; digests?: boolean } = {},
  ): Promise<ImageSummary[]> {
    return this.core.json('GET', '/images/json', {
      query: {
        all: options.all,
        filters: encodeFilters(options.filters),
        digests: options.digests,
      },
      signal: options.signal,
    });
  }

  /** `GET /images/{name}/json` by name, ID or digest. @throws {EngineError} 404 when absent */
  inspect(name: string, options: Abortable = {}): Promise<ImageInspect> {
    return this.core.json('GET', `/images/${pathSegment(name)}/json`, options);
  }

  /** `DELETE /images/{name}`. @throws {EngineError} 409 while containers use it, 404 absent */
  remove(
    name: string,
    options: Abortable & { force?: boolean; noPrune?: boolean } = {},
  ): Promise<ImageDeleteItem[]> {
    return this.core.json('DELETE', `/images/${pathSegment(name)}`, {
      query: { force: options.force, noprune: options.noPrune },
      signal: options.signal,
    });
  }

  /** Tags an image as `repo[:tag]` (tag defaults to `latest` on the engine side). */
  async tag(
    name: string,
    target: { repo: string; tag?: string },
    options: Abortable = {},
  ): Promise<void> {
    await this.core.empty('POST', `/images/${pathSegment(name)}/tag`, {
      query: { repo: target.repo, tag: target.tag },
      signal: options.signal,
    });
  }

  /**
   * Pulls an image (`POST /images/create`). A reference without tag or digest pulls `latest`
   * (never every tag). Iterate the result for progress; a failure reported by the engine
   * inside the stream is thrown as an {@link EngineError} by the iteration.
   */
  async pull(reference: string, options: ImagePullOptions = {}): Promise<JsonStream<JsonMessage>> {
    const { repository, tag } = splitReference(reference);
    const path = '/images/create';
    const res = await this.core.stream('POST', path, {
      query: { fromImage: repository, tag, platform: options.platform },
      headers: { 'X-Registry-Auth': encodeAuth(options.auth ?? {}) },
      signal: options.signal,
    });
    return this.progress(res, 'POST', path);
  }

  /** Pushes `name[:tag]`; failures inside the stream are thrown by the iteration. */
  async push(
    name: string,
    options: Abortable & { tag?: string; auth?: AuthConfig } = {},
  ): Promise<JsonStream<JsonMessage>> {
    const path = `/images/${pathSegment(name)}/push`;
    const res = await this.core.stream('POST', path, {
      query: { tag: options.tag },
      // The engine insists on the header, even empty credentials.
      headers: { 'X-Registry-Auth': encodeAuth(options.auth ?? {}) },
      signal: options.signal,
    });
    return this.progress(res, 'POST', path);
  }

  /**
   * Builds an image from a tar context (`POST /build`, classic builder). The result's last
   * messages carry `aux.ID`; a build failure is thrown by the iteration as an
   * {@link EngineError} with the builder's message (e.g. a failing RUN step).
   */
  async build(
    context: Buffer | Readable | undefined,
    options: ImageBuildOptions = {},
  ): Promise<JsonStream<JsonMessage>> {
    const headers: Record<string, string> = {};
    if (options.registryConfig !== undefined) {
      headers['X-Registry-Config'] = encodeAuth(options.registryConfig);
    }
    const path = '/build';
    const res = await this.core.stream('POST', path, {
      query: {
        t: options.tags,
        dockerfile: options.dockerfile,
        target: options.target,
        buildargs: json(options.buildArgs),
        labels: json(options.labels),
        nocache: options.noCache,
        pull: options.pull,
        networkmode: options.networkMode,
        extrahosts: options.extraHosts,
        shmsize: options.shmSize,
        cachefrom: json(options.cacheFrom),
        platform: options.platform,
        rm: options.remove,
        forcerm: options.forceRemove,
        q: options.quiet,
        isolation: options.isolation,
        ulimits: json(options.ulimits),
        memory: options.memory,
        cgroupparent: options.cgroupParent,
        remote: options.remote,
      },
      body: context,
      contentType: context === undefined ? undefined : 'application/x-tar',
      headers,
      signal: options.signal,
    });
    return this.progress(res, 'POST', path);
  }

  /**
   * Builds an image and waits for the result: iterates the build stream (passing every message
   * to `onMessage`) and returns the new image's ID (`sha256:...`).
   * @throws {EngineError} with the builder's message and `code` `ESTREAM` when the build fails
   *   (e.g. a RUN step exits non-zero), or when the stream ends without an image ID
   */
  async buildImage(
    context: Buffer | Readable | undefined,
    options: ImageBuildOptions & { onMessage?: (message: JsonMessage) => void } = {},
  ): Promise<string> {
    const stream = await this.build(context, options);
    let id: string | undefined;
    let short: string | undefined;
    for await (const m of stream) {
      options.onMessage?.(m);
      if (m.aux?.ID !== undefined) id = m.aux.ID;
      const built = m.stream === undefined ? null : /Successfully built ([0-9a-f]+)/.exec(m.stream);
      if (built !== null) short = built[1];
    }
    const result = id ?? short;
    if (result === undefined) {
      throw new EngineError('the build finished without reporting an image ID', {
        status: 200,
        method: 'POST',
        path: '/build',
        host: this.core.host,
        code: STREAM_ERROR,
      });
    }
    return result;
  }

  private progress(res: IncomingMessage, method: string, path: string): JsonStream<JsonMessage> {
    const core = this.core;
    return new JsonStream<JsonMessage>(
      res,
      (m) => {
        if (m.error === undefined && m.errorDetail?.message === undefined) return undefined;
        return new EngineError((m.errorDetail?.message ?? m.error ?? '').trim(), {
          status: res.statusCode ?? 0,
          method,
          path,
          host: core.host,
          code: STREAM_ERROR,
        });
      },
      (line, cause) =>
        core.error(`malformed progress message: ${line.slice(0, 200)}`, res, method, path, cause),
      core.lost(method, path),
    );
  }
}

/**
 * Splits an image reference into repository and tag for `/images/create`: `redis:7` ->
 * (`redis`, `7`), `reg:5000/app` -> (`reg:5000/app`, `latest`), `app@sha256:..` keeps the
 * digest as the tag parameter, as the engine expects.
 */
export function splitReference(reference: string): { repository: string; tag: string } {
  const at = reference.indexOf('@');
  if (at !== -1) return { repository: reference.slice(0, at), tag: reference.slice(at + 1) };
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/')) {
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  }
  return { repository: reference, tag: 'latest' };
}

/** Base64url with padding, the encoding the engine decodes registry headers with. */
export function encodeAuth(value: unknown): string {
  return Buffer.from(JSON.stringify(value))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
