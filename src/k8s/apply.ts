/**
 * Server-side apply that knows when nothing changes: an object whose dry-run apply equals the
 * live object (apart from bookkeeping) is left alone, so re-deploying an unchanged project
 * writes nothing and a changed field rolls out only the workload it belongs to.
 */
import type { K8sObjectAction } from '../api/k8s.js';
import { isKubeError, type KubeClient, type KubeObject } from '../kube/index.js';

/** The field manager of every object flotilla applies. */
export const FIELD_MANAGER = 'flotilla';

/** Applies one object; says whether it was created, changed or already as asked. */
export async function applyObject(
  kube: KubeClient,
  object: KubeObject,
  namespace: string,
  signal?: AbortSignal,
): Promise<K8sObjectAction> {
  const ref = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name ?? '',
    namespace: object.metadata.namespace ?? namespace,
  };
  const options = { fieldManager: FIELD_MANAGER, force: true, namespace, signal };
  let live: KubeObject | undefined;
  try {
    live = await kube.getObject(ref, { signal });
  } catch (err) {
    if (!isKubeError(err, 404)) throw err;
  }
  if (live === undefined) {
    await kube.apply(object, options);
    return 'created';
  }
  const planned = await kube.apply(object, { ...options, dryRun: true });
  if (sameContent(planned, live)) return 'unchanged';
  await kube.apply(object, options);
  return 'configured';
}

/** Equal apart from what the server keeps for itself (versions, managed fields, status). */
export function sameContent(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(o: KubeObject): unknown {
  const { metadata, status: _status, ...rest } = o;
  const {
    managedFields: _managed,
    resourceVersion: _version,
    generation: _generation,
    ...meta
  } = metadata;
  return sorted({ ...rest, metadata: meta });
}

/** A copy with object keys in order, so that key order never counts as a change. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    out[key] = sorted((value as Record<string, unknown>)[key]);
  }
  return out;
}
