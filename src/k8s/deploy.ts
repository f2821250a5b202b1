/**
 * `k8s deploy`: the project converted exactly as `convert --to kubernetes` converts it, applied
 * with server-side apply (field manager `flotilla`) into one namespace, objects no longer made
 * pruned on request, and the rollouts followed on request.
 */
import type { KubernetesObject } from '../api/convert.js';
import type { K8sDeployOptions, K8sDeployResult, K8sObjectResult } from '../api/k8s.js';
import { convert } from '../convert/convert.js';
import {
  COMPOSE_SERVICE_LABEL,
  NAME_LABEL,
  PART_OF_LABEL,
  projectLabelValue,
  projectSelector,
} from '../convert/kubernetes/labels.js';
import { isKubeError, type KubeClient, type KubeObject } from '../kube/index.js';
import type { Project } from '../model/project.js';
import { applyObject } from './apply.js';
import {
  deleteLive,
  objectId,
  objectResult,
  onCluster,
  projectObjects,
  WORKLOAD_KINDS,
} from './objects.js';
import { waitForRollouts, type Workload } from './rollout.js';

/** Default of `waitTimeout`, in seconds. */
export const DEFAULT_WAIT_TIMEOUT = 300;

/**
 * Deploys a project onto the cluster `kube` talks to. Every object carries the project's
 * labels (`app.kubernetes.io/part-of`, `app.kubernetes.io/managed-by: flotilla`,
 * `com.docker.compose.project`), which `k8sPs`, `k8sLogs` and `k8sRemove` select on. An object
 * already as the project wants it is not written again.
 * @throws ComposeError('CONVERT'|'USAGE') from the conversion, before anything is applied;
 *   ('KUBERNETES') when the API server refuses an object; ('RUNTIME') when a rollout fails
 *   (`wait`), naming the pod's reason; ('TIMEOUT') when it takes longer than `waitTimeout`
 * @example
 * const kube = createKubeClient({ context: 'dev' });
 * const result = await k8sDeploy(kube, project, { wait: true, imagePullPolicy: 'Never' });
 */
export async function k8sDeploy(
  kube: KubeClient,
  project: Project,
  options: K8sDeployOptions = {},
): Promise<K8sDeployResult> {
  const namespace = options.namespace ?? kube.namespace;
  const { signal } = options;
  const converted = convert(project, {
    to: 'kubernetes',
    namespace,
    waitImage: options.waitImage,
    volumeSize: options.volumeSize,
    storageClass: options.storageClass,
    // The Secrets' values go to the API server only; nothing is written.
    includeSecrets: true,
    images: options.images,
  });
  const objects = converted.objects.map((o) => prepare(o, options.imagePullPolicy));
  await onCluster(`creating namespace ${namespace}`, () =>
    ensureNamespace(kube, namespace, signal),
  );
  const results: K8sObjectResult[] = [];
  for (const object of objects) {
    const action = await onCluster(`applying ${objectId(object)}`, () =>
      applyObject(kube, object, namespace, signal),
    );
    const result = objectResult(object, action, namespace);
    results.push(result);
    options.onEvent?.({ type: 'object', object: result });
  }
  if (options.prune === true) {
    const wanted = new Set(objects.map((o) => `${o.kind}/${o.metadata.name ?? ''}`));
    const scope = options.services?.map((s) => s);
    const live = await onCluster('listing the project', () =>
      projectObjects(kube, namespace, projectSelector(project.name), signal),
    );
    for (const o of live) {
      if (wanted.has(objectId(o)) || o.kind === 'PersistentVolumeClaim') continue;
      const service = o.metadata.labels?.[COMPOSE_SERVICE_LABEL];
      if (scope !== undefined && (service === undefined || !scope.includes(service))) continue;
      await deleteLive(kube, o, namespace, 'pruning', signal);
      const result = objectResult(o, 'pruned', namespace);
      results.push(result);
      options.onEvent?.({ type: 'object', object: result });
    }
  }
  let rollouts: K8sDeployResult['rollouts'] = [];
  if (options.wait === true) {
    rollouts = await waitForRollouts(kube, namespace, workloadsOf(objects, project.name), {
      timeoutMs: (options.waitTimeout ?? DEFAULT_WAIT_TIMEOUT) * 1000,
      onEvent: options.onEvent,
      signal,
    });
  }
  return { namespace, objects: results, rollouts };
}

/** A mutable copy, with every container's pull policy set when one is asked for. */
function prepare(
  object: KubernetesObject,
  pullPolicy: K8sDeployOptions['imagePullPolicy'],
): KubeObject {
  const copy = structuredClone(object) as KubeObject;
  if (pullPolicy === undefined || !WORKLOAD_KINDS.has(copy.kind)) return copy;
  const pod = (copy.spec as { template?: { spec?: Record<string, unknown> } } | undefined)?.template
    ?.spec;
  for (const key of ['initContainers', 'containers']) {
    const list = pod?.[key];
    if (!Array.isArray(list)) continue;
    for (const c of list as Record<string, unknown>[]) c.imagePullPolicy = pullPolicy;
  }
  return copy;
}

/** The workloads of the objects, with the service each runs and its pods' selector. */
export function workloadsOf(objects: readonly KubeObject[], project: string): Workload[] {
  return objects
    .filter((o) => WORKLOAD_KINDS.has(o.kind) && o.metadata.labels?.[NAME_LABEL] !== undefined)
    .map((o) => {
      const labels = o.metadata.labels ?? {};
      return {
        service: labels[COMPOSE_SERVICE_LABEL] ?? labels[NAME_LABEL],
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name ?? '',
        selector: { [NAME_LABEL]: labels[NAME_LABEL], [PART_OF_LABEL]: projectLabelValue(project) },
      };
    });
}

async function ensureNamespace(
  kube: KubeClient,
  name: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await kube.getObject({ apiVersion: 'v1', kind: 'Namespace', name }, { signal });
  } catch (err) {
    if (!isKubeError(err, 404)) throw err;
    await kube
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { signal })
      .catch((e: unknown) => {
        if (!isKubeError(e, 409)) throw e;
      });
  }
}
