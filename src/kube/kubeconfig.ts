import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { KubeError } from './errors.js';

/** How to find and read the kubeconfig. */
export interface KubeconfigOptions {
  /** Kubeconfig file(s), `:`-separated as in `KUBECONFIG`; wins over the environment. */
  readonly kubeconfig?: string | undefined;
  /** Context to use (kubectl's `--context`); default: the kubeconfig's `current-context`. */
  readonly context?: string | undefined;
  /** Namespace for namespaced calls; default: the context's namespace, else `default`. */
  readonly namespace?: string | undefined;
  /** Environment to read `KUBECONFIG`, `HOME` and in-cluster variables from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Parses a kubeconfig that is not JSON. The kube layer imports no YAML parser: callers pass
   * one (e.g. the loader's). Without it, only JSON kubeconfigs are read.
   */
  readonly parseYaml?: ((text: string, file: string) => unknown) | undefined;
}

/** A fully resolved API server connection: where, how to authenticate, which namespace. */
export interface KubeEndpoint {
  /** The API server's URL without a trailing slash, e.g. `https://127.0.0.1:16443`. */
  readonly server: string;
  /** The context it came from (`in-cluster` for a pod's service account). */
  readonly context: string;
  /** Namespace for namespaced calls that name none. */
  readonly namespace: string;
  readonly tls: {
    /** PEM CA bundle; undefined trusts the system's CAs. */
    readonly ca?: Buffer | undefined;
    /** PEM client certificate and key. */
    readonly cert?: Buffer | undefined;
    readonly key?: Buffer | undefined;
    /** Skip verification of the server's certificate (`insecure-skip-tls-verify`). */
    readonly insecure: boolean;
    /** Name to verify the server's certificate against (`tls-server-name`). */
    readonly serverName?: string | undefined;
  };
  /** Bearer token (`token` or `tokenFile`). */
  readonly token?: string | undefined;
}

interface Named<T> {
  name: string;
  value: T;
}
interface RawCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
}
interface RawUser {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
  exec?: unknown;
  'auth-provider'?: unknown;
  username?: string;
}
interface RawContext {
  cluster?: string;
  user?: string;
  namespace?: string;
}
/** The merged kubeconfig: first definition of each name wins, as kubectl merges. */
interface Merged {
  currentContext: string | undefined;
  clusters: Map<string, Named<RawCluster> & { dir: string }>;
  users: Map<string, Named<RawUser> & { dir: string }>;
  contexts: Map<string, RawContext>;
  files: string[];
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Works out which API server to talk to and how, the way kubectl does: the files named by
 * `options.kubeconfig`, else `KUBECONFIG` (a `:`-separated list, merged: the first file to
 * define a cluster, user or context wins, and the first `current-context` set), else
 * `~/.kube/config`, else, inside a pod, its service account. Relative file paths in a
 * kubeconfig are relative to that file; `*-data` fields are base64 PEM.
 *
 * @throws {KubeError} code `ECONFIG` (status 0) for a missing or unreadable file, an unknown
 *   context, cluster or user, a context without a server, or a credential plugin (`exec`,
 *   `auth-provider`), which flotilla does not run
 * @example
 * const endpoint = loadKubeconfig({ context: 'kind-dev', parseYaml: (t) => YAML.parse(t) });
 */
export function loadKubeconfig(options: KubeconfigOptions = {}): KubeEndpoint {
  const env = options.env ?? process.env;
  const list = options.kubeconfig ?? env.KUBECONFIG;
  let files: string[];
  if (list !== undefined && list !== '') {
    files = list.split(':').filter((f) => f !== '');
  } else {
    const home = env.HOME ?? homedir();
    const fallback = join(home, '.kube', 'config');
    if (!existsSync(fallback) && env.KUBERNETES_SERVICE_HOST !== undefined) {
      return inCluster(env, options.namespace);
    }
    files = [fallback];
  }
  const merged = merge(files, options);
  const contextName = options.context ?? merged.currentContext;
  if (contextName === undefined || contextName === '') {
    throw configError(`no context: ${merged.files.join(':')} sets no current-context`);
  }
  const context = merged.contexts.get(contextName);
  if (context === undefined) {
    const known = [...merged.contexts.keys()].join(', ') || 'none';
    throw configError(
      `context "${contextName}" not found in ${merged.files.join(':')} (known: ${known})`,
    );
  }
  const cluster = merged.clusters.get(context.cluster ?? '');
  if (cluster === undefined) {
    throw configError(
      `context "${contextName}" names cluster "${context.cluster ?? ''}", which is not defined`,
    );
  }
  const server = cluster.value.server;
  if (server === undefined || server === '') {
    throw configError(`cluster "${cluster.name}" has no server`);
  }
  const user = context.user === undefined ? undefined : merged.users.get(context.user);
  if (context.user !== undefined && context.user !== '' && user === undefined) {
    throw configError(
      `context "${contextName}" names user "${context.user}", which is not defined`,
    );
  }
  const u = user?.value ?? {};
  if (u.exec !== undefined || u['auth-provider'] !== undefined) {
    throw configError(
      `user "${user?.name ?? ''}" authenticates with a credential plugin (exec/auth-provider), which flotilla does not run`,
    );
  }
  const c = cluster.value;
  const uDir = user?.dir ?? '';
  return {
    server: server.replace(/\/+$/, ''),
    context: contextName,
    namespace: options.namespace ?? nonEmpty(context.namespace) ?? 'default',
    tls: {
      ca: pem(c['certificate-authority-data'], c['certificate-authority'], cluster.dir),
      cert: pem(u['client-certificate-data'], u['client-certificate'], uDir),
      key: pem(u['client-key-data'], u['client-key'], uDir),
      insecure: c['insecure-skip-tls-verify'] === true,
      serverName: nonEmpty(c['tls-server-name']),
    },
    token:
      nonEmpty(u.token) ??
      (u.tokenFile === undefined ? undefined : readText(resolvePath(u.tokenFile, uDir)).trim()),
  };
}

function merge(files: string[], options: KubeconfigOptions): Merged {
  const merged: Merged = {
    currentContext: undefined,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    files,
  };
  for (const file of files) {
    // kubectl skips files of a KUBECONFIG list that do not exist, unless all are missing.
    if (!existsSync(file) && files.length > 1) continue;
    const doc = parse(readText(file), file, options.parseYaml);
    const dir = dirname(file);
    if (merged.currentContext === undefined || merged.currentContext === '') {
      merged.currentContext = stringField(doc['current-context']);
    }
    for (const entry of namedList(doc.clusters, 'cluster', file)) {
      if (!merged.clusters.has(entry.name)) {
        merged.clusters.set(entry.name, { ...entry, value: entry.value as RawCluster, dir });
      }
    }
    for (const entry of namedList(doc.users, 'user', file)) {
      if (!merged.users.has(entry.name)) {
        merged.users.set(entry.name, { ...entry, value: entry.value as RawUser, dir });
      }
    }
    for (const entry of namedList(doc.contexts, 'context', file)) {
      if (!merged.contexts.has(entry.name))
        merged.contexts.set(entry.name, entry.value as RawContext);
    }
  }
  return merged;
}

function parse(
  text: string,
  file: string,
  parseYaml: KubeconfigOptions['parseYaml'],
): Record<string, unknown> {
  let doc: unknown;
  const trimmed = text.trimStart();
  try {
    if (trimmed === '') doc = {};
    else if (trimmed.startsWith('{')) doc = JSON.parse(text);
    else if (parseYaml !== undefined) doc = parseYaml(text, file);
    else throw new Error('it is YAML and no YAML parser was given (options.parseYaml)');
  } catch (err) {
    throw configError(`cannot read kubeconfig ${file}: ${(err as Error).message}`, err);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw configError(`kubeconfig ${file} is not a mapping`);
  }
  return doc as Record<string, unknown>;
}

function namedList(value: unknown, field: string, file: string): Named<unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw configError(`kubeconfig ${file}: ${field}s is not a list`);
  return value.map((entry: unknown, i) => {
    const e = entry as Record<string, unknown> | null;
    const name = stringField(e?.name);
    if (name === undefined) throw configError(`kubeconfig ${file}: ${field}s[${i}] has no name`);
    return { name, value: e?.[field] ?? {} };
  });
}

function inCluster(
  env: Readonly<Record<string, string | undefined>>,
  namespace?: string,
): KubeEndpoint {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const ns = existsSync(join(SA_DIR, 'namespace'))
    ? readText(join(SA_DIR, 'namespace')).trim()
    : '';
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    context: 'in-cluster',
    namespace: namespace ?? (ns || 'default'),
    tls: { ca: readFileSync(join(SA_DIR, 'ca.crt')), insecure: false },
    token: readText(join(SA_DIR, 'token')).trim(),
  };
}

function pem(data: string | undefined, file: string | undefined, dir: string): Buffer | undefined {
  if (data !== undefined && data !== '') return Buffer.from(data, 'base64');
  if (file === undefined || file === '') return undefined;
  const path = resolvePath(file, dir);
  try {
    return readFileSync(path);
  } catch (err) {
    throw configError(`cannot read ${path}: ${(err as Error).message}`, err);
  }
}

function resolvePath(file: string, dir: string): string {
  return isAbsolute(file) || dir === '' ? file : join(dir, file);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw configError(`cannot read kubeconfig ${file}: ${(err as Error).message}`, err);
  }
}

function stringField(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function configError(message: string, cause?: unknown): KubeError {
  return new KubeError(message, { status: 0, code: 'ECONFIG', cause });
}
