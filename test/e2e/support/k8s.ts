// Shared set-up for tests against the real Kubernetes test cluster (scripts/setup/kubernetes.sh):
// getting a cluster, a client, a namespace per test file, manifests read from YAML, and
// server-side dry-run of a set of objects with one result per object.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  createKubeClient,
  isKubeError,
  type KubeClient,
  type KubeObject,
} from '../../../src/kube/index.js';
import { repoRoot } from './cli.js';

/** The label every object created by a Kubernetes e2e test carries; its value is the scope's name. */
export const K8S_TEST_LABEL = 'dev.flotilla.e2e';

/** What `kubernetes.sh env` reports about the running cluster. */
export interface ClusterInfo {
  readonly kubeconfig: string;
  /** `full` (pods run), `apiserver-only` (validation only) or `down`. */
  readonly mode: 'full' | 'apiserver-only' | 'down';
  readonly server: string;
  readonly node: string;
  readonly dnsIp: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly clusterDomain: string;
  readonly version: string;
}

const script = join(repoRoot, 'scripts/setup/kubernetes.sh');

function run(args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [script, ...args],
      { timeout: timeoutMs, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err !== null)
          reject(
            new Error(`kubernetes.sh ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`),
          );
        else resolve(stdout);
      },
    );
  });
}

/** Reads `kubernetes.sh env`. */
export async function clusterInfo(): Promise<ClusterInfo> {
  const env = Object.fromEntries(
    (await run(['env'], 30_000))
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    kubeconfig: env.KUBECONFIG,
    mode: env.FLOTILLA_K8S_MODE as ClusterInfo['mode'],
    server: env.FLOTILLA_K8S_SERVER,
    node: env.FLOTILLA_K8S_NODE,
    dnsIp: env.FLOTILLA_K8S_DNS,
    podCidr: env.FLOTILLA_K8S_POD_CIDR,
    serviceCidr: env.FLOTILLA_K8S_SERVICE_CIDR,
    clusterDomain: env.FLOTILLA_K8S_CLUSTER_DOMAIN,
    version: env.FLOTILLA_K8S_VERSION,
  };
}

/**
 * Makes sure the test cluster runs and returns where it is. Starts it when needed with
 * `kubernetes.sh up` (which waits for, or runs, the binaries' build: up to 45 minutes on a
 * fresh machine; scripts/e2e.sh starts the cluster before the Kubernetes test files run, so
 * inside the suite this returns at once). The cluster is left running: scripts/e2e.sh stops it
 * at the end when it started it.
 * @param mode `full` for pods, services and DNS; `apiserver-only` is enough for dry-run
 */
export async function ensureCluster(
  mode: 'full' | 'apiserver-only' = 'full',
): Promise<ClusterInfo> {
  const info = await clusterInfo();
  if (info.mode === 'full' || info.mode === mode) return info;
  await run(mode === 'full' ? ['up'] : ['up', '--apiserver-only'], 60 * 60_000);
  return clusterInfo();
}

/** A client for the test cluster as its admin. */
export function kubeClient(info: ClusterInfo, namespace?: string): KubeClient {
  return createKubeClient({ kubeconfig: info.kubeconfig, namespace, env: {} });
}

/** A test file's slice of the cluster: see {@link k8sScope}. */
export interface K8sScope {
  /** The namespace of the file's own, `fe2e-<topic>-<hex>`. */
  readonly namespace: string;
  /** The cluster (set once the `before` hook ran). */
  readonly info: ClusterInfo;
  /** An admin client whose default namespace is {@link namespace} (set by the `before` hook). */
  readonly kube: KubeClient;
}

/**
 * Sets up a test file's use of the cluster; call it at the top level of the file. Its `before`
 * hook makes sure the cluster runs in `mode` ({@link ensureCluster}), creates a labelled
 * namespace of the file's own with its `default` ServiceAccount (made here when the cluster runs
 * no controller-manager, so pods are admitted in dry-run too); its `after` hook deletes the
 * namespace with everything in it, whether the tests passed or not.
 */
export function k8sScope(topic: string, mode: 'full' | 'apiserver-only' = 'full'): K8sScope {
  const namespace = `fe2e-${topic}-${randomBytes(3).toString('hex')}`;
  let info: ClusterInfo | undefined;
  let kube: KubeClient | undefined;
  const scope: K8sScope = {
    namespace,
    get info() {
      if (info === undefined) throw new Error('k8sScope: the cluster is set up in the before hook');
      return info;
    },
    get kube() {
      if (kube === undefined) throw new Error('k8sScope: the client is made in the before hook');
      return kube;
    },
  };
  before(
    async () => {
      info = await ensureCluster(mode);
      kube = kubeClient(info, namespace);
      await ensureNamespace(kube, namespace, { [K8S_TEST_LABEL]: namespace });
    },
    { timeout: 60 * 60_000 },
  );
  after(async () => {
    if (kube === undefined) return;
    try {
      await kube.delete(`/api/v1/namespaces/${namespace}`).catch((err: unknown) => {
        if (!isKubeError(err, 404)) throw err;
      });
    } finally {
      kube.close();
    }
  });
  return scope;
}

async function ensureNamespace(
  kube: KubeClient,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await kube
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } })
    .catch((err: unknown) => {
      if (!isKubeError(err, 409)) throw err;
    });
  await kube
    .create({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: name },
    })
    .catch((err: unknown) => {
      if (!isKubeError(err, 409)) throw err;
    });
}

/** One object read from a manifest file, with where it came from. */
export interface ManifestObject {
  readonly object: KubeObject;
  /** `dir/file.yaml#2` (document index from 0), relative to the directory read. */
  readonly source: string;
}

/**
 * Reads every `*.yaml`, `*.yml` and `*.json` file below `path` (or the one file), in name
 * order, each YAML document an object; empty documents are skipped and `kind: List` items are
 * unpacked.
 * @throws Error naming the file and document for a YAML error or a document that is no object
 */
export function readManifests(path: string): ManifestObject[] {
  const files = statSync(path).isDirectory() ? walk(path) : [path];
  const base = statSync(path).isDirectory() ? path : join(path, '..');
  const out: ManifestObject[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      const where = `${relative(base, file)}#${String(i)}`;
      if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0].message}`);
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return;
      if (typeof value !== 'object' || Array.isArray(value))
        throw new Error(`${where}: not an object`);
      const object = value as KubeObject;
      if (object.kind === 'List' && Array.isArray(object.items)) {
        for (const item of object.items as KubeObject[]) out.push({ object: item, source: where });
      } else {
        out.push({ object, source: where });
      }
    });
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory()
        ? walk(join(dir, e.name))
        : /\.(ya?ml|json)$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
}

/** The outcome of one object's server-side dry-run. */
export interface DryRunResult {
  /** `Kind/namespace/name` (or `Kind/name` for cluster-scoped kinds). */
  readonly id: string;
  readonly source: string | undefined;
  /**
   * `accepted`: the server validated and admitted it; `rejected`: it refused (see message);
   * `unsupported`: the server does not serve this apiVersion/kind (an API newer than the test
   * cluster's 1.20, e.g. batch/v1 CronJob): not a failure, validate it otherwise.
   */
  readonly outcome: 'accepted' | 'rejected' | 'unsupported';
  /** The server's message, verbatim, for rejected and unsupported objects. */
  readonly message: string | undefined;
  readonly status: number | undefined;
  readonly reason: string | undefined;
}

/**
 * Server-side dry-run of each object, one result per object in input order: `POST` with
 * `dryRun=All` (validation, defaulting and admission, nothing stored, as `kubectl create
 * --dry-run=server`), or for an object that exists already (409) a server-side apply with
 * `dryRun=All`. Not server-side apply first: in 1.20 it refuses valid objects whose port
 * lists leave out `protocol` ("associative list with keys has an element that omits key
 * field"), a bug fixed in later releases. Objects without a namespace go to
 * `options.namespace`; the namespaces objects use are created first when missing (a dry-run
 * cannot create what later objects live in).
 */
export async function dryRunAll(
  kube: KubeClient,
  objects: readonly (KubeObject | ManifestObject)[],
  options: { namespace?: string } = {},
): Promise<DryRunResult[]> {
  const items = objects.map((o) => (isManifestObject(o) ? o : { object: o, source: undefined }));
  const namespace = options.namespace ?? kube.namespace;
  const namespaces = new Set<string>([namespace]);
  for (const { object } of items) {
    const ns = object.metadata.namespace;
    if (ns !== undefined && ns !== '') namespaces.add(ns);
  }
  for (const ns of namespaces) await ensureNamespace(kube, ns);
  const resources = await kube.discover();
  return Promise.all(
    items.map(async ({ object, source }): Promise<DryRunResult> => {
      const scoped = resources.find(object.apiVersion, object.kind)?.namespaced ?? true;
      const ns = object.metadata.namespace ?? namespace;
      const id = scoped
        ? `${object.kind}/${ns}/${object.metadata.name ?? ''}`
        : `${object.kind}/${object.metadata.name ?? ''}`;
      try {
        await kube.create(object, { dryRun: true, namespace: ns }).catch((err: unknown) => {
          if (!isKubeError(err, 409) || err.reason !== 'AlreadyExists') throw err;
          return kube.apply(object, {
            fieldManager: 'flotilla-dry-run',
            force: true,
            dryRun: true,
            namespace: ns,
          });
        });
        return {
          id,
          source,
          outcome: 'accepted',
          message: undefined,
          status: undefined,
          reason: undefined,
        };
      } catch (err) {
        if (!isKubeError(err) || err.status === 0) throw err; // no answer: not the object's fault
        return {
          id,
          source,
          outcome: err.code === 'ENOTSERVED' ? 'unsupported' : 'rejected',
          message: err.message,
          status: err.status,
          reason: err.reason,
        };
      }
    }),
  );
}

function isManifestObject(o: KubeObject | ManifestObject): o is ManifestObject {
  return !('apiVersion' in o) && 'object' in o;
}

/**
 * Polls `check` every 500 ms until it returns a value other than undefined (then returns it) or
 * `timeoutMs` passes; the error names what was awaited and the last state `check` described.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end)
      throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
