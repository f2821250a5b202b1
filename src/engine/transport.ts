import { setMaxListeners } from 'node:events';
import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import type { EngineEndpoint } from './endpoint.js';

/** One HTTP request to the engine. */
export interface SendOptions {
  readonly method: string;
  /** Full request path: version prefix, path and query. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** A body; a Readable is streamed with chunked encoding (build contexts, archives). */
  readonly body?: Buffer | string | Readable | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The result of a request that asked to take over the connection (`Upgrade: tcp`). */
export type UpgradeResult =
  | { readonly upgraded: true; readonly socket: Duplex; readonly response: IncomingMessage }
  | { readonly upgraded: false; readonly response: IncomingMessage };

type RequestFn = typeof http.request;

/** A GET answer read whole: see {@link Transport.getText}. */
export interface TextResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

/**
 * HTTP over the engine's socket: a keep-alive connection pool shared by every call (compose
 * issues many concurrent ones), plus connection take-over for attach/exec. Rejects with the raw
 * Node error (the caller adds context) or, for aborted calls, an `AbortError`.
 */
export class Transport {
  private base: http.RequestOptions;
  private readonly tls: boolean;
  private agent: http.Agent | undefined;
  private httpRequest: Promise<RequestFn> | undefined;

  constructor(private readonly endpoint: EngineEndpoint) {
    const a = endpoint.address;
    this.tls = endpoint.tls !== undefined;
    this.base =
      a.kind === 'unix' ? { socketPath: a.socketPath } : { host: a.hostname, port: a.port };
    if (!this.tls) {
      // Without TLS a server name means nothing, and an empty one spares node's agent from
      // testing the host for an IPv6 address: a regular expression whose first use costs
      // several milliseconds of a short command's start-up.
      this.base = { ...this.base, servername: '' } as http.RequestOptions;
    }
  }

  /**
   * True when {@link getText} serves GETs: the engine is on a local socket. A short command
   * (`ps`, a no-op `up`) then never loads node:http, which costs more than its engine calls.
   */
  get bareGets(): boolean {
    return this.endpoint.address.kind === 'unix';
  }

  /**
   * `GET path` on a connection of its own, as HTTP/1.0 (the answer is neither chunked nor kept
   * alive: it ends when the engine closes the connection), read whole. Only where
   * {@link bareGets}. Rejects with the raw Node error, or an `AbortError`.
   */
  getText(path: string, signal?: AbortSignal): Promise<TextResponse> {
    const a = this.endpoint.address;
    if (a.kind !== 'unix') return Promise.reject(new Error('bare GETs need a unix socket'));
    return new Promise<TextResponse>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(abortError(signal));
        return;
      }
      const socket = connect(a.socketPath);
      const chunks: Buffer[] = [];
      const onAbort = (): void => {
        socket.destroy();
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', (err) => {
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
      socket.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        try {
          resolve(parseResponse(Buffer.concat(chunks)));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      socket.write(`GET ${this.basePath}${path} HTTP/1.0\r\nHost: localhost\r\n\r\n`);
    });
  }

  /** Path prefix of an engine behind a proxy (`tcp://host/base`), else ''. */
  get basePath(): string {
    return this.endpoint.address.kind === 'tcp' ? this.endpoint.address.basePath : '';
  }

  /** Sends a request and resolves with the response once its headers have arrived. */
  async send(options: SendOptions): Promise<IncomingMessage> {
    const request = await this.requestFunction();
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(this.requestOptions(options), resolve);
      req.on('error', reject);
      writeBody(req, options.body);
    });
  }

  /**
   * Sends a request with `Connection: Upgrade` / `Upgrade: tcp`. On `101` the engine hands the
   * raw connection over (the socket carries the container's streams both ways); any other
   * answer comes back as an ordinary response, for the caller to turn into an error.
   */
  async upgrade(options: SendOptions): Promise<UpgradeResult> {
    const request = await this.requestFunction();
    return new Promise<UpgradeResult>((resolve, reject) => {
      const headers = { ...options.headers, Connection: 'Upgrade', Upgrade: 'tcp' };
      const req = request(this.requestOptions({ ...options, headers }));
      req.on('upgrade', (response, socket, head) => {
        if (head.length > 0) socket.unshift(head);
        resolve({ upgraded: true, socket, response });
      });
      req.on('response', (response) => {
        resolve({ upgraded: false, response });
      });
      req.on('error', reject);
      writeBody(req, options.body);
    });
  }

  /** Closes idle pooled connections; in-flight requests finish. Idle sockets never hold the process open. */
  close(): void {
    this.agent?.destroy();
  }

  private requestOptions(options: SendOptions): http.RequestOptions {
    // Every request listens for its call's abort: one signal commonly serves hundreds of
    // concurrent calls (an `up` of 200 services), which is no listener leak.
    if (options.signal !== undefined) setMaxListeners(0, options.signal);
    return {
      ...this.base,
      agent: this.agent,
      method: options.method,
      path: this.basePath + options.path,
      headers: options.headers,
      signal: options.signal,
    };
  }

  /**
   * node:http, or node:https for TLS engines, loaded on the first request that needs it (both
   * cost start-up time), with its keep-alive pool.
   */
  private requestFunction(): Promise<RequestFn> {
    this.httpRequest ??= this.tls
      ? import('node:https').then((https) => {
          const tls = this.endpoint.tls!;
          this.agent = new https.Agent({
            keepAlive: true,
            ca: tls.ca,
            cert: tls.cert,
            key: tls.key,
            rejectUnauthorized: tls.verify,
          });
          return https.request;
        })
      : import('node:http').then((http) => {
          this.agent = new http.Agent({ keepAlive: true });
          return http.request;
        });
    return this.httpRequest;
  }
}

function writeBody(req: http.ClientRequest, body: SendOptions['body']): void {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
    req.end(body);
    return;
  }
  body.on('error', (err) => req.destroy(err));
  body.pipe(req);
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error('This operation was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

/**
 * Parses a whole HTTP/1.x answer: status line, headers, body (de-chunked should the engine
 * chunk it anyway; checked against Content-Length when it sends one).
 * @throws Error for anything else
 */
export function parseResponse(raw: Buffer): TextResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) throw new Error('incomplete HTTP answer from the engine');
  const lines = raw.toString('latin1', 0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0]);
  if (status === null) {
    throw new Error(`malformed HTTP answer from the engine: ${JSON.stringify(lines[0])}`);
  }
  const headers: Record<string, string | undefined> = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
  }
  let body = raw.subarray(end + 4);
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  const length = headers['content-length'];
  if (length !== undefined && body.length < Number(length)) {
    throw new Error(
      `truncated HTTP answer from the engine: ${String(body.length)} of ${length} bytes`,
    );
  }
  return {
    statusCode: Number(status[1]),
    statusMessage: status.at(2) ?? '',
    headers,
    text: body.toString('utf8'),
  };
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol === -1) throw new Error('truncated chunked answer from the engine');
    const size = parseInt(body.toString('latin1', at, eol), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunked answer from the engine');
    if (size === 0) return Buffer.concat(parts);
    if (eol + 2 + size > body.length) throw new Error('truncated chunked answer from the engine');
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}
