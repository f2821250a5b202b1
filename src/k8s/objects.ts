/**
 * What a project owns on a cluster: the kinds the converter makes, found again by the labels
 * every object of a project carries, and the errors of the API wrapped once for the library.
 */
import type { K8sObjectAction, K8sObjectResult } from '../api/k8s.js';
import { ComposeError } from '../api/errors.js';
import { isKubeError, type KubeClient, type KubeObject } from '../kube/index.js';

/** The kinds a project may own, in the order they are removed (workloads first, claims last). */
export const PROJECT_KINDS: readonly { readonly apiVersion: string; readonly kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
];

/** Kinds that run a service's pods. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
]);

/** `Kind/name`. */
export function objectId(o: {
  readonly kind: string;
  readonly metadata: { name?: string };
}): string {
  return `${o.kind}/${o.metadata.name ?? ''}`;
}

/** The result line of an object. */
export function objectResult(
  o:
    | KubeObject
    | { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } },
  action: K8sObjectAction,
  namespace: string,
): K8sObjectResult {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name ?? '',
    namespace: o.kind === 'Namespace' ? undefined : (o.metadata.namespace ?? namespace),
    action,
  };
}

/**
 * Every object of the project in a namespace, kind by kind in {@link PROJECT_KINDS} order.
 * A namespace that does not exist holds nothing.
 */
export async function projectObjects(
  kube: KubeClient,
  namespace: string,
  selector: string,
  signal?: AbortSignal,
): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const { apiVersion, kind } of PROJECT_KINDS) {
    const items = await kube.listObjects(apiVersion, kind, {
      namespace,
      labelSelector: selector,
      signal,
    });
    for (const item of items) out.push({ ...item, apiVersion, kind });
  }
  return out;
}

/**
 * Runs a call on the cluster; the API's errors become one ComposeError('KUBERNETES') that
 * keeps the server's message (and the KubeError as cause).
 */
export async function onCluster<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isKubeError(err)) {
      throw new ComposeError('KUBERNETES', `${what}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** Deletes a live object in the background (its dependents follow); one already gone is fine. */
export async function deleteLive(
  kube: KubeClient,
  o: KubeObject,
  namespace: string,
  what: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  await onCluster(`${what} ${objectId(o)}`, () =>
    kube
      .deleteObject(
        { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name ?? '', namespace },
        { propagationPolicy: 'Background', signal },
      )
      .catch((err: unknown) => {
        if (!isKubeError(err, 404)) throw err;
        return o;
      }),
  );
}

/** Resolves after `ms`, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new ComposeError('CANCELLED', 'cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ComposeError('CANCELLED', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
