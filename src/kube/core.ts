import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { KubeError, type KubeStatusDetails } from './errors.js';
import type { KubeEndpoint } from './kubeconfig.js';

/** A query parameter value; arrays repeat the key, undefined leaves it out. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** The parts of one API request. */
export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  /** A body: strings and Buffers are sent as they are, anything else as JSON. */
  readonly body?: unknown;
  /** @default 'application/json' when there is a body */
  readonly contentType?: string | undefined;
  /** @default 'application/json' */
  readonly accept?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

type RequestFn = typeof http.request;

/**
 * HTTP(S) to one API server: a keep-alive pool with the endpoint's TLS material, a bearer token
 * when there is one, status checks that turn the server's `Status` answers into
 * {@link KubeError}s. Not for direct use outside kube/.
 */
export class KubeCore {
  private agent: http.Agent | undefined;
  private requestFn: Promise<RequestFn> | undefined;
  private readonly url: URL;

  constructor(readonly endpoint: KubeEndpoint) {
    this.url = new URL(endpoint.server);
  }

  /**
   * Sends a request; resolves with the response once its headers arrived and its status is
   * 2xx (the body still to read).
   * @throws {KubeError} the server's Status for other statuses; status 0 when unreachable
   */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    const request = await this.request();
    const full = this.basePath + path + queryString(options.query ?? {});
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    let body: string | Buffer | undefined;
    if (options.body !== undefined) {
      body =
        typeof options.body === 'string' || Buffer.isBuffer(options.body)
          ? options.body
          : JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    if (this.endpoint.token !== undefined) headers.Authorization = `Bearer ${this.endpoint.token}`;
    // One signal often covers many concurrent requests (discovery, a pod's log per pod): each
    // adds a listener until it ends, which is no leak.
    if (options.signal !== undefined) setMaxListeners(0, options.signal);
    let res: IncomingMessage;
    try {
      res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(
          {
            protocol: this.url.protocol,
            hostname: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: this.url.port === '' ? undefined : Number(this.url.port),
            method,
            path: full,
            headers,
            agent: this.agent,
            signal: options.signal,
          },
          resolve,
        );
        req.on('error', reject);
        req.end(body);
      });
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw err;
      const code = (err as NodeJS.ErrnoException).code;
      throw new KubeError(
        `cannot reach the Kubernetes API server at ${this.endpoint.server}: ${(err as Error).message}`,
        { status: 0, method, path, server: this.endpoint.server, code, cause: err },
      );
    }
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    throw this.statusError(status, await readText(res), method, path, res.statusMessage);
  }

  /** Sends a request and parses the JSON answer. @throws {KubeError} */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, options);
    const text = await readText(res);
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new KubeError(`malformed JSON answer to ${method} ${path}: ${text.slice(0, 200)}`, {
        status: res.statusCode ?? 0,
        method,
        path,
        server: this.endpoint.server,
        cause: err,
      });
    }
  }

  /** Sends a request and reads the answer as text (pod logs). @throws {KubeError} */
  async text(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    return readText(await this.send(method, path, { accept: '*/*', ...options }));
  }

  /** A KubeError from a `Status` object (an answer body, or a watch's ERROR event). */
  statusError(
    status: number,
    body: string | Record<string, unknown>,
    method: string,
    path: string,
    fallback?: string,
    code?: string,
  ): KubeError {
    let s: Record<string, unknown> | undefined;
    if (typeof body === 'string') {
      try {
        const parsed: unknown = JSON.parse(body);
        if (parsed !== null && typeof parsed === 'object') s = parsed as Record<string, unknown>;
      } catch {
        s = undefined;
      }
    } else {
      s = body;
    }
    const text = typeof body === 'string' ? body.trim() : '';
    const message =
      typeof s?.message === 'string' && s.message !== ''
        ? s.message
        : text !== ''
          ? text.slice(0, 500)
          : `${String(status)} ${fallback ?? ''}`.trim();
    return new KubeError(message, {
      status: typeof s?.code === 'number' ? s.code : status,
      reason: typeof s?.reason === 'string' ? s.reason : '',
      method,
      path,
      server: this.endpoint.server,
      code,
      details: s?.details as KubeStatusDetails | undefined,
    });
  }

  /** Closes idle pooled connections; they never keep the process alive anyway. */
  close(): void {
    this.agent?.destroy();
  }

  private get basePath(): string {
    return this.url.pathname.replace(/\/+$/, '');
  }

  /** node:https (or node:http for a plain server) with its keep-alive pool, loaded once. */
  private request(): Promise<RequestFn> {
    this.requestFn ??=
      this.url.protocol === 'http:'
        ? import('node:http').then((m) => {
            this.agent = new m.Agent({ keepAlive: true });
            return m.request;
          })
        : import('node:https').then((m) => {
            const tls = this.endpoint.tls;
            this.agent = new m.Agent({
              keepAlive: true,
              ca: tls.ca,
              cert: tls.cert,
              key: tls.key,
              rejectUnauthorized: !tls.insecure,
              servername: tls.serverName,
            });
            return m.request;
          });
    return this.requestFn;
  }
}

/** Reads a response body whole as UTF-8. */
export function readText(res: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', reject);
  });
}

/** Builds `?k=v&...` (or '' when nothing is set). Booleans become `true`/`false`. */
export function queryString(params: Readonly<Record<string, QueryValue>>): string {
  const parts: string[] = [];
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    const values = typeof value === 'object' ? value : [String(value)];
    for (const v of values) parts.push(`${key}=${encodeURIComponent(v)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
