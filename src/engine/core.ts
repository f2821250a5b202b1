import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { connectionLost, lostTranslator, type LostConnection } from './connection-lost.js';
import type { EngineEndpoint } from './endpoint.js';
import { EngineError, isAbortError } from './errors.js';
import { queryString, type QueryValue } from './query.js';
import { HijackedStream } from './streams.js';
import { Transport, type TextResponse } from './transport.js';

/**
 * The newest Engine API version this client speaks. The version used is the lower of this and
 * the engine's (`/_ping`), so everything also works on Engine 20.10 (API 1.41).
 */
export const CLIENT_MAX_API_VERSION = '1.47';

/** What `GET /_ping` reports about the engine. */
export interface PingResult {
  /** The engine's newest API version (`API-Version` header). */
  readonly apiVersion: string;
  /** `linux` or `windows`. */
  readonly osType: string | undefined;
  readonly experimental: boolean;
  /** `1` (classic) or `2` (BuildKit), when the engine says which it prefers. */
  readonly builderVersion: string | undefined;
  /** Swarm state, e.g. `inactive` or `active/manager`, from engines that report it. */
  readonly swarm: string | undefined;
}

/** The parts of a request every typed method builds. */
export interface CallOptions {
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  /** A JSON body (serialised here). */
  readonly json?: unknown;
  /** A raw body (tar archives) sent with `contentType`. */
  readonly body?: Buffer | Readable | undefined;
  readonly contentType?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** How long the engine may take to answer the ping that confirms the end of a hijacked stream. */
const ALIVE_TIMEOUT_MS = 10_000;

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'EPERM',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * The request machinery under the typed API: version negotiation, `/v1.xx` prefixes, status
 * checks and the engine's JSON error messages. Not for direct use outside engine/.
 */
export class EngineCore {
  /** The engine address, for messages. */
  readonly host: string;
  private readonly transport: Transport;
  private prefix: string | undefined;
  private version: string | undefined;
  private negotiation: Promise<string> | undefined;

  constructor(endpoint: EngineEndpoint) {
    this.host = endpoint.host;
    this.transport = new Transport(endpoint);
    if (endpoint.apiVersion !== undefined) this.useVersion(endpoint.apiVersion);
  }

  /** The API version in use once known (after the first call or {@link negotiate}). */
  get apiVersion(): string | undefined {
    return this.version;
  }

  /**
   * Resolves the API version: `DOCKER_API_VERSION` when set, else the lower of the engine's
   * version (from `/_ping`) and {@link CLIENT_MAX_API_VERSION}. Concurrent callers share one
   * negotiation; a failed one is retried by the next call.
   */
  negotiate(signal?: AbortSignal): Promise<string> {
    if (this.version !== undefined) return Promise.resolve(this.version);
    if (this.negotiation === undefined) {
      const pending = this.ping().then(
        ({ apiVersion }) => {
          const older = compareVersions(apiVersion, CLIENT_MAX_API_VERSION) < 0;
          this.useVersion(older ? apiVersion : CLIENT_MAX_API_VERSION);
          return this.version!;
        },
        (err: unknown) => {
          this.negotiation = undefined;
          throw err;
        },
      );
      this.negotiation = pending;
    }
    return signal === undefined ? this.negotiation : raceAbort(this.negotiation, signal);
  }

  /** `GET /_ping` (unversioned). @throws {EngineError} when the engine is unreachable or unwell. */
  async ping(signal?: AbortSignal): Promise<PingResult> {
    const res = await this.getText('/_ping', '/_ping', signal);
    if (res.statusCode !== 200) throw this.errorWith(res, res.text, 'GET', '/_ping');
    const h = res.headers;
    const header = (name: string): string | undefined => {
      const v = h[name];
      return typeof v === 'string' ? v : undefined;
    };
    return {
      apiVersion: apiVersionOf(h),
      osType: header('ostype'),
      experimental: header('docker-experimental') === 'true',
      builderVersion: header('builder-version'),
      swarm: header('swarm'),
    };
  }

  /**
   * `GET full` read whole, whatever its status: over a bare connection where the transport
   * offers one (a local engine), else through node:http.
   */
  private async getText(path: string, full: string, signal?: AbortSignal): Promise<TextResponse> {
    if (this.transport.bareGets) {
      try {
        return await this.transport.getText(full, signal);
      } catch (err) {
        throw this.wrap(err, 'GET', path);
      }
    }
    const res = await this.sendRaw('GET', path, full, { signal });
    return textResponse(res, await readText(res));
  }

  /** Sends a versioned request and returns the response, whatever its status. */
  async send(method: string, path: string, options: CallOptions = {}): Promise<IncomingMessage> {
    return this.sendRaw(method, path, await this.fullPath(path, options), options);
  }

  /** The request path: version prefix (negotiated first when unknown), path and query. */
  private async fullPath(path: string, options: CallOptions | undefined): Promise<string> {
    const prefix = this.prefix ?? `/v${await this.negotiate(options?.signal)}`;
    return prefix + path + (options?.query ? queryString(options.query) : '');
  }

  /**
   * Sends a request and parses the JSON answer.
   * @throws {EngineError} on a status >= 400, with the engine's message
   */
  async json<T>(method: string, path: string, options?: CallOptions): Promise<T> {
    const answer = await this.answer(method, path, options);
    const text = answer.text;
    try {
      return (text === '' ? undefined : JSON.parse(text)) as T;
    } catch (cause) {
      throw this.error(
        `malformed JSON from the engine: ${text.slice(0, 200)}`,
        answer,
        method,
        path,
        cause,
      );
    }
  }

  /**
   * The answer to a request, read whole: a plain GET as {@link getText} reads it, anything else
   * sent versioned through node:http.
   * @throws {EngineError} on a status >= 400
   */
  private async answer(method: string, path: string, options?: CallOptions): Promise<TextResponse> {
    if (method === 'GET' && options?.body === undefined && options?.headers === undefined) {
      const got = await this.getText(path, await this.fullPath(path, options), options?.signal);
      if (got.statusCode >= 400) throw this.errorWith(got, got.text, method, path);
      return got;
    }
    const sent = await this.send(method, path, options);
    if ((sent.statusCode ?? 0) >= 400) throw await this.errorFrom(sent, method, path);
    return textResponse(sent, await readText(sent));
  }

  /**
   * Sends a request whose answer has no useful body (204, or 304 "already started/stopped").
   * @returns the HTTP status
   * @throws {EngineError} on a status >= 400
   */
  async empty(method: string, path: string, options?: CallOptions): Promise<number> {
    const res = await this.send(method, path, options);
    const status = res.statusCode ?? 0;
    if (status >= 400) throw await this.errorFrom(res, method, path);
    await drain(res);
    return status;
  }

  /**
   * Sends a request and returns the response body as a stream (logs, events, archives, build).
   * @throws {EngineError} on a status >= 400
   */
  async stream(method: string, path: string, options?: CallOptions): Promise<IncomingMessage> {
    const res = await this.send(method, path, options);
    if ((res.statusCode ?? 0) >= 400) throw await this.errorFrom(res, method, path);
    return res;
  }

  /**
   * Sends a request that takes over the connection (attach, exec start) and returns it.
   * @throws {EngineError} when the engine answers with an error instead
   */
  async hijack(
    method: string,
    path: string,
    tty: boolean,
    options: CallOptions = {},
  ): Promise<HijackedStream> {
    const full = await this.fullPath(path, options);
    let result;
    try {
      result = await this.transport.upgrade({
        method,
        path: full,
        headers: jsonHeaders(options),
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        signal: options.signal,
      });
    } catch (err) {
      throw this.wrap(err, method, path);
    }
    if (!result.upgraded) {
      const res = result.response;
      if ((res.statusCode ?? 0) >= 400) throw await this.errorFrom(res, method, path);
      res.destroy();
      throw this.error(
        `the engine did not take over the connection (HTTP ${res.statusCode ?? 0} instead of 101)`,
        res,
        method,
        path,
      );
    }
    const { socket } = result;
    const signal = options.signal;
    if (signal !== undefined) {
      const onAbort = (): void => void socket.destroy(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => {
        signal.removeEventListener('abort', onAbort);
      });
    }
    return new HijackedStream(socket, tty, this.lost(method, path), () =>
      this.confirmAlive(method, path),
    );
  }

  /** Turns the failures of streamed call `method path` into a connection-lost error. */
  lost(method: string, path: string): LostConnection {
    return lostTranslator(this.host, method, path);
  }

  /**
   * Resolves when the engine answers a ping within {@link ALIVE_TIMEOUT_MS}; otherwise rejects
   * with a connection-lost error for `method path` (the connection that just ended).
   */
  private async confirmAlive(method: string, path: string): Promise<void> {
    try {
      await this.ping(AbortSignal.timeout(ALIVE_TIMEOUT_MS));
    } catch (err) {
      throw connectionLost(this.host, method, path, err);
    }
  }

  /** Builds an {@link EngineError} from an error response, reading its JSON `message`. */
  async errorFrom(res: IncomingMessage, method: string, path: string): Promise<EngineError> {
    let text = '';
    try {
      text = await readText(res);
    } catch {
      // The status alone still says what failed.
    }
    return this.errorWith(res, text, method, path);
  }

  /** Builds an {@link EngineError} from an error answer and its body. */
  private errorWith(
    res: { readonly statusCode?: number | undefined; readonly statusMessage?: string | undefined },
    text: string,
    method: string,
    path: string,
  ): EngineError {
    let message = text.trim();
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON (proxies, very old engines): keep the text.
    }
    if (message === '') message = `${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim();
    return this.error(message, res, method, path);
  }

  /** An {@link EngineError} for this engine. */
  error(
    message: string,
    res: { readonly statusCode?: number | undefined } | undefined,
    method: string,
    path: string,
    cause?: unknown,
  ): EngineError {
    return new EngineError(message, {
      status: res?.statusCode ?? 0,
      method,
      path,
      host: this.host,
      cause,
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close();
  }

  private async sendRaw(
    method: string,
    path: string,
    full: string,
    options: CallOptions,
  ): Promise<IncomingMessage> {
    try {
      return await this.transport.send({
        method,
        path: full,
        headers: jsonHeaders(options),
        body: options.json === undefined ? options.body : JSON.stringify(options.json),
        signal: options.signal,
      });
    } catch (err) {
      throw this.wrap(err, method, path);
    }
  }

  private useVersion(version: string): void {
    this.version = version;
    this.prefix = `/v${version}`;
  }

  private wrap(err: unknown, method: string, path: string): unknown {
    if (isAbortError(err) || err instanceof EngineError) return err;
    const e = err as NodeJS.ErrnoException;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const connecting = e.syscall === 'connect';
    // The connection was made, then broke before the answer came: the engine went away.
    if ((code === 'ECONNRESET' || code === 'EPIPE') && !connecting) {
      return connectionLost(this.host, method, path, err);
    }
    const message =
      code !== undefined && (CONNECT_CODES.has(code) || connecting)
        ? `cannot connect to the Docker engine at ${this.host}: ${e.message}` +
          (code === 'ENOENT' || code === 'ECONNREFUSED' ? ' (is the Docker daemon running?)' : '')
        : `${method} ${path} on the Docker engine at ${this.host} failed: ${e.message}`;
    return new EngineError(message, { status: 0, method, path, host: this.host, code, cause: err });
  }
}

/** A node:http response and its body as a {@link TextResponse}. */
function textResponse(res: IncomingMessage, text: string): TextResponse {
  return {
    statusCode: res.statusCode ?? 0,
    statusMessage: res.statusMessage ?? '',
    headers: res.headers,
    text,
  };
}

/** The engine's API version from an answer's headers (engines before API 1.25 send none). */
function apiVersionOf(headers: TextResponse['headers']): string {
  const v = headers['api-version'];
  return typeof v === 'string' ? v : '1.24';
}

/** Compares dotted versions part by part as numbers (`1.9` < `1.41`); negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function jsonHeaders(options: CallOptions): Readonly<Record<string, string>> | undefined {
  if (options.json !== undefined) return { 'Content-Type': 'application/json', ...options.headers };
  if (options.contentType !== undefined) {
    return { 'Content-Type': options.contentType, ...options.headers };
  }
  return options.headers;
}

/** Reads a whole body as UTF-8; listeners rather than for-await keep this hot path cheap. */
function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => {
      resolve(text);
    });
    res.on('error', reject);
  });
}

function drain(res: IncomingMessage): Promise<void> {
  // A complete response must still be consumed, or its socket never returns to the pool and
  // keeps the process alive (204/304 answers of start, stop, kill, ...).
  if (res.complete) {
    res.resume();
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    res.on('end', resolve);
    res.on('error', reject);
    res.resume();
  });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
