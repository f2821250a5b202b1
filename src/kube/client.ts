import type { Readable } from 'node:stream';
import { KubeCore, type QueryValue, type RequestOptions } from './core.js';
import { ApiResources, type ApiResource, type ApiResourceListDocument } from './discovery.js';
import { KubeError } from './errors.js';
import { loadKubeconfig, type KubeconfigOptions, type KubeEndpoint } from './kubeconfig.js';
import type { KubeList, KubeObject, KubeVersionInfo, ObjectRef } from './types.js';
import { WatchStream } from './watch.js';

/** Takes an `AbortSignal`. */
export interface Abortable {
  readonly signal?: AbortSignal | undefined;
}

/** Validate, default and admit without persisting (`?dryRun=All`). */
export interface DryRunnable extends Abortable {
  readonly dryRun?: boolean | undefined;
}

export interface ListOptions extends Abortable {
  /** e.g. `app.kubernetes.io/part-of=demo`. */
  readonly labelSelector?: string | undefined;
  /** e.g. `status.phase=Running`. */
  readonly fieldSelector?: string | undefined;
  readonly limit?: number | undefined;
  readonly continue?: string | undefined;
}

export interface WatchOptions extends ListOptions {
  /** Start after this version (from a list); default: the current state as ADDED events. */
  readonly resourceVersion?: string | undefined;
  /** Ask for BOOKMARK events carrying the latest resourceVersion. @default true */
  readonly allowBookmarks?: boolean | undefined;
  /** Server-side end of the watch. */
  readonly timeoutSeconds?: number | undefined;
}

export interface ApplyOptions extends DryRunnable {
  /** Who owns the applied fields, e.g. `flotilla`. */
  readonly fieldManager: string;
  /** Take over fields other managers own instead of failing with a conflict. @default false */
  readonly force?: boolean | undefined;
  /** Namespace for a namespaced object that names none. @default the client's namespace */
  readonly namespace?: string | undefined;
}

export interface CreateOptions extends DryRunnable {
  readonly fieldManager?: string | undefined;
  readonly namespace?: string | undefined;
}

export interface DeleteOptions extends DryRunnable {
  /** `Foreground`, `Background` or `Orphan`. @default the kind's own (Background for most) */
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan' | undefined;
  readonly gracePeriodSeconds?: number | undefined;
}

export interface LogOptions extends Abortable {
  readonly namespace?: string | undefined;
  /** Needed when the pod has several containers. */
  readonly container?: string | undefined;
  readonly tailLines?: number | undefined;
  readonly sinceSeconds?: number | undefined;
  readonly timestamps?: boolean | undefined;
  /** The previous (crashed) instance's log. */
  readonly previous?: boolean | undefined;
}

/**
 * A Kubernetes API client on `node:https`: kubeconfig credentials, typed {@link KubeError}s,
 * discovery (apiVersion + kind → resource path), server-side apply, dry-run, watches and pod
 * logs. No dependencies; every call takes an `AbortSignal`.
 *
 * @example
 * const kube = createKubeClient({ context: 'dev' });
 * await kube.apply(deployment, { fieldManager: 'flotilla', force: true });
 * for await (const e of await kube.watch('/api/v1/namespaces/default/pods')) console.log(e.type);
 */
export class KubeClient {
  private readonly core: KubeCore;
  private discovery: Promise<ApiResources> | undefined;

  constructor(readonly endpoint: KubeEndpoint) {
    this.core = new KubeCore(endpoint);
  }

  /** The API server's URL. */
  get server(): string {
    return this.endpoint.server;
  }

  /** The namespace used when a call or object names none. */
  get namespace(): string {
    return this.endpoint.namespace;
  }

  /** Any request, JSON answer. @throws {KubeError} */
  request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.core.json<T>(method, path, options);
  }

  /** `GET path`. @throws {KubeError} 404 `NotFound` when it does not exist */
  get<T = KubeObject>(path: string, options: Abortable = {}): Promise<T> {
    return this.core.json<T>('GET', path, options);
  }

  /** `GET` a collection path (one page unless `limit` is left out). @throws {KubeError} */
  list<T = KubeObject>(path: string, options: ListOptions = {}): Promise<KubeList<T>> {
    return this.core.json<KubeList<T>>('GET', path, {
      query: listQuery(options),
      signal: options.signal,
    });
  }

  /** `DELETE path`: the deleted object, or a `Status`. @throws {KubeError} */
  delete(path: string, options: DeleteOptions = {}): Promise<KubeObject> {
    return this.core.json<KubeObject>('DELETE', path, {
      query: {
        dryRun: options.dryRun === true ? 'All' : undefined,
        propagationPolicy: options.propagationPolicy,
        gracePeriodSeconds: options.gracePeriodSeconds,
      },
      signal: options.signal,
    });
  }

  /** `GET /version`. */
  version(options: Abortable = {}): Promise<KubeVersionInfo> {
    return this.core.json<KubeVersionInfo>('GET', '/version', options);
  }

  /**
   * What the server serves (`/api`, `/apis` and each group/version), read once and kept; a
   * group/version that fails to answer (an unavailable aggregated API) is left out.
   * @param refresh read it again
   */
  discover(options: Abortable & { readonly refresh?: boolean } = {}): Promise<ApiResources> {
    if (this.discovery === undefined || options.refresh === true) {
      const pending = this.readDiscovery(options.signal);
      pending.catch(() => {
        if (this.discovery === pending) this.discovery = undefined;
      });
      this.discovery = pending;
    }
    return this.discovery;
  }

  /**
   * The resource serving `kind` at `apiVersion`.
   * @throws {KubeError} code `ENOTSERVED` (status 404) when the server does not serve it, with
   *   the versions it does serve for that kind in the message
   */
  async resourceFor(
    apiVersion: string,
    kind: string,
    options: Abortable = {},
  ): Promise<ApiResource> {
    const resources = await this.discover(options);
    const found = resources.find(apiVersion, kind);
    if (found !== undefined) return found;
    const others = resources.versionsOf(kind);
    const version = await this.version(options).then(
      (v) => ` (Kubernetes ${v.gitVersion})`,
      () => '',
    );
    throw new KubeError(
      `${apiVersion} ${kind} is not served by this API server${version}` +
        (others.length > 0 ? `; it serves ${kind} as ${others.join(', ')}` : ''),
      { status: 404, reason: 'NotServed', code: 'ENOTSERVED', server: this.server },
    );
  }

  /**
   * The path of a collection: `/api/v1/namespaces/ns/pods`, `/apis/apps/v1/deployments`
   * (all namespaces when `namespace` is null), `/api/v1/namespaces` (cluster-scoped).
   * @throws {KubeError} code `ENOTSERVED`
   */
  async collectionPath(
    apiVersion: string,
    kind: string,
    namespace?: string | null,
    options: Abortable = {},
  ): Promise<string> {
    const r = await this.resourceFor(apiVersion, kind, options);
    const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
    if (!r.namespaced || namespace === null) return `${base}/${r.name}`;
    return `${base}/namespaces/${encodeURIComponent(namespace ?? this.namespace)}/${r.name}`;
  }

  /** The path of one object. @throws {KubeError} code `ENOTSERVED` */
  async objectPath(ref: ObjectRef, options: Abortable = {}): Promise<string> {
    const collection = await this.collectionPath(ref.apiVersion, ref.kind, ref.namespace, options);
    return `${collection}/${encodeURIComponent(ref.name)}`;
  }

  /**
   * Server-side apply (`PATCH` with `application/apply-patch+yaml`; the body is JSON, which is
   * YAML): creates the object or updates the fields `fieldManager` owns. Returns the object as
   * stored (or as it would be, with `dryRun`).
   * @throws {KubeError} 409 `Conflict` when another manager owns a field and `force` is off;
   *   422 `Invalid` with field causes; code `ENOTSERVED`
   */
  async apply<T extends KubeObject = KubeObject>(
    object: KubeObject,
    options: ApplyOptions,
  ): Promise<T> {
    const path = await this.objectPath(refOf(object, options.namespace), options);
    return this.core.json<T>('PATCH', path, {
      query: {
        fieldManager: options.fieldManager,
        force: options.force === true ? true : undefined,
        dryRun: options.dryRun === true ? 'All' : undefined,
      },
      body: object,
      contentType: 'application/apply-patch+yaml',
      signal: options.signal,
    });
  }

  /** `POST` an object to its collection. @throws {KubeError} 409 `AlreadyExists`, 422 `Invalid` */
  async create<T extends KubeObject = KubeObject>(
    object: KubeObject,
    options: CreateOptions = {},
  ): Promise<T> {
    const ns = object.metadata.namespace ?? options.namespace;
    const path = await this.collectionPath(object.apiVersion, object.kind, ns, options);
    return this.core.json<T>('POST', path, {
      query: {
        fieldManager: options.fieldManager,
        dryRun: options.dryRun === true ? 'All' : undefined,
      },
      body: object,
      signal: options.signal,
    });
  }

  /** Reads one object. @throws {KubeError} 404 `NotFound` */
  async getObject<T extends KubeObject = KubeObject>(
    ref: ObjectRef,
    options: Abortable = {},
  ): Promise<T> {
    return this.core.json<T>('GET', await this.objectPath(ref, options), options);
  }

  /** Deletes one object. @throws {KubeError} 404 `NotFound` */
  async deleteObject(ref: ObjectRef, options: DeleteOptions = {}): Promise<KubeObject> {
    return this.delete(await this.objectPath(ref, options), options);
  }

  /**
   * Lists objects of a kind, following `continue` tokens to the end.
   * @param namespace a namespace, or null for all namespaces; default the client's
   */
  async listObjects<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    options: ListOptions & { readonly namespace?: string | null } = {},
  ): Promise<T[]> {
    const path = await this.collectionPath(apiVersion, kind, options.namespace, options);
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.list<T>(path, {
        ...options,
        limit: options.limit ?? 500,
        continue: token,
      });
      items.push(...page.items);
      token = page.metadata.continue === '' ? undefined : page.metadata.continue;
    } while (token !== undefined);
    return items;
  }

  /** Watches a collection path (e.g. from {@link collectionPath}). @throws {KubeError} */
  async watch<T = KubeObject>(path: string, options: WatchOptions = {}): Promise<WatchStream<T>> {
    const res = await this.core.send('GET', path, {
      query: {
        ...listQuery(options),
        watch: true,
        allowWatchBookmarks: options.allowBookmarks ?? true,
        resourceVersion: options.resourceVersion,
        timeoutSeconds: options.timeoutSeconds,
      },
      signal: options.signal,
    });
    return new WatchStream<T>(res, (status) =>
      this.core.statusError(Number(status.code ?? 500), status, 'GET', path, undefined, 'ESTREAM'),
    );
  }

  /** A pod's log, read whole. @throws {KubeError} 400 while the container is not started yet */
  logs(pod: string, options: LogOptions = {}): Promise<string> {
    return this.core.text('GET', logPath(pod, options.namespace ?? this.namespace), {
      query: logQuery(options, false),
      signal: options.signal,
    });
  }

  /** A pod's log as a stream that follows new lines until the container ends or abort. */
  followLogs(pod: string, options: LogOptions = {}): Promise<Readable> {
    return this.core.send('GET', logPath(pod, options.namespace ?? this.namespace), {
      query: logQuery(options, true),
      accept: '*/*',
      signal: options.signal,
    });
  }

  /** Closes idle pooled connections (they never keep the process alive anyway). */
  close(): void {
    this.core.close();
  }

  private async readDiscovery(signal: AbortSignal | undefined): Promise<ApiResources> {
    const core = await this.core.json<{ versions: string[] }>('GET', '/api', { signal });
    const groups = await this.core.json<{ groups: { versions: { groupVersion: string }[] }[] }>(
      'GET',
      '/apis',
      { signal },
    );
    const paths = [
      ...core.versions.map((v) => `/api/${v}`),
      ...groups.groups.flatMap((g) => g.versions.map((v) => `/apis/${v.groupVersion}`)),
    ];
    const documents = await Promise.all(
      paths.map((p) =>
        this.core.json<ApiResourceListDocument>('GET', p, { signal }).catch((err: unknown) => {
          if (err instanceof Error && err.name === 'AbortError') throw err;
          return undefined;
        }),
      ),
    );
    return new ApiResources(documents.filter((d) => d !== undefined));
  }
}

/**
 * Creates a client for the cluster the kubeconfig points at (see {@link loadKubeconfig}).
 * Does not connect until the first call.
 * @throws {KubeError} code `ECONFIG`
 */
export function createKubeClient(options: KubeconfigOptions = {}): KubeClient {
  return new KubeClient(loadKubeconfig(options));
}

function refOf(object: KubeObject, namespace: string | undefined): ObjectRef {
  const name = object.metadata.name;
  if (name === undefined || name === '') {
    // As the server answers a nameless object; found before any request is made.
    throw new KubeError(
      `${object.apiVersion} ${object.kind}: metadata.name: Required value: name is required`,
      {
        status: 422,
        reason: 'Invalid',
      },
    );
  }
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name,
    namespace: object.metadata.namespace ?? namespace,
  };
}

function listQuery(options: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    limit: options.limit,
    continue: options.continue,
  };
}

function logPath(pod: string, namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
}

function logQuery(options: LogOptions, follow: boolean): Record<string, QueryValue> {
  return {
    container: options.container,
    follow: follow ? true : undefined,
    tailLines: options.tailLines,
    sinceSeconds: options.sinceSeconds,
    timestamps: options.timestamps === true ? true : undefined,
    previous: options.previous === true ? true : undefined,
  };
}
