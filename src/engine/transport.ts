import http, { type IncomingMessage } from 'node:http';
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

/**
 * HTTP over the engine's socket: a keep-alive connection pool shared by every call (compose
 * issues many concurrent ones), plus connection take-over for attach/exec. Rejects with the raw
 * Node error (the caller adds context) or, for aborted calls, an `AbortError`.
 */
export class Transport {
  private base: http.RequestOptions;
  private readonly tls: boolean;
  private agent: http.Agent | undefined;
  private httpsRequest: Promise<RequestFn> | undefined;

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
      this.agent = new http.Agent({ keepAlive: true });
    }
  }

  /** Path prefix of an engine behind a proxy (`tcp://host/base`), else ''. */
  get basePath(): string {
    return this.endpoint.address.kind === 'tcp' ? this.endpoint.address.basePath : '';
  }

  /** Sends a request and resolves with the response once its headers have arrived. */
  async send(options: SendOptions): Promise<IncomingMessage> {
    const request = this.tls ? await this.loadHttps() : http.request;
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
    const request = this.tls ? await this.loadHttps() : http.request;
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
    return {
      ...this.base,
      agent: this.agent,
      method: options.method,
      path: this.basePath + options.path,
      headers: options.headers,
      signal: options.signal,
    };
  }

  private loadHttps(): Promise<RequestFn> {
    // node:https (and tls) cost start-up time: load them only for TLS engines.
    this.httpsRequest ??= import('node:https').then((https) => {
      const tls = this.endpoint.tls!;
      this.agent = new https.Agent({
        keepAlive: true,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        rejectUnauthorized: tls.verify,
      });
      return https.request;
    });
    return this.httpsRequest;
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
