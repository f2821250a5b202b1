/** `k8s rm`: deletes what a project owns in a namespace; its claims stay unless asked. */
import type { K8sRemoveOptions, K8sRemoveResult, K8sObjectResult } from '../api/k8s.js';
import { projectSelector } from '../convert/kubernetes/labels.js';
import type { KubeClient } from '../kube/index.js';
import { deleteLive, objectResult, onCluster, projectObjects } from './objects.js';

/**
 * Deletes every object labelled as the project's (workloads first; their pods go in the
 * background), except the PersistentVolumeClaims unless `volumes`. Objects of other projects,
 * or not made by flotilla, are never touched.
 * @throws ComposeError('KUBERNETES')
 */
export async function k8sRemove(
  kube: KubeClient,
  project: string,
  options: K8sRemoveOptions = {},
): Promise<K8sRemoveResult> {
  const namespace = options.namespace ?? kube.namespace;
  const { signal } = options;
  const live = await onCluster(`listing the project ${project}`, () =>
    projectObjects(kube, namespace, projectSelector(project), signal),
  );
  const removed: K8sObjectResult[] = [];
  const kept: K8sObjectResult[] = [];
  for (const o of live) {
    if (o.kind === 'PersistentVolumeClaim' && options.volumes !== true) {
      kept.push(objectResult(o, 'unchanged', namespace));
      continue;
    }
    await deleteLive(kube, o, namespace, 'removing', signal);
    removed.push(objectResult(o, 'removed', namespace));
  }
  return { removed, kept };
}
