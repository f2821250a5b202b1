/** `k8s ps`: the project's pods, found by its labels, with the service and workload of each. */
import type { K8sPod, K8sTargetOptions } from '../api/k8s.js';
import {
  COMPOSE_SERVICE_LABEL,
  NAME_LABEL,
  projectSelector,
} from '../convert/kubernetes/labels.js';
import type { KubeClient } from '../kube/index.js';
import { onCluster } from './objects.js';
import { podSummary, type PodShape } from './pod-problems.js';

/**
 * The pods of a project (by name) in the namespace, sorted by service then pod name.
 * @throws ComposeError('KUBERNETES')
 */
export async function k8sPs(
  kube: KubeClient,
  project: string,
  options: K8sTargetOptions & { readonly services?: readonly string[] | undefined } = {},
): Promise<K8sPod[]> {
  const namespace = options.namespace ?? kube.namespace;
  const pods = await projectPods(kube, project, namespace, options.signal);
  return pods
    .map((pod): K8sPod => {
      const labels: Partial<Record<string, string>> = pod.metadata.labels ?? {};
      const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true);
      // A ReplicaSet's name is its Deployment's plus a hash: show the Deployment.
      const workload =
        owner === undefined
          ? `Pod/${pod.metadata.name ?? ''}`
          : owner.kind === 'ReplicaSet'
            ? `Deployment/${owner.name.replace(/-[a-z0-9]+$/, '')}`
            : `${owner.kind}/${owner.name}`;
      return {
        name: pod.metadata.name ?? '',
        service: labels[COMPOSE_SERVICE_LABEL] ?? labels[NAME_LABEL] ?? '',
        workload,
        ...podSummary(pod),
        ip: pod.status?.podIP,
        node: pod.spec?.nodeName,
        created: pod.metadata.creationTimestamp ?? '',
      };
    })
    .filter(
      (p) =>
        options.services === undefined ||
        options.services.length === 0 ||
        options.services.includes(p.service),
    )
    .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}

/** Every pod that carries the project's labels. */
export function projectPods(
  kube: KubeClient,
  project: string,
  namespace: string,
  signal?: AbortSignal,
): Promise<PodShape[]> {
  return onCluster(`listing the pods of ${project}`, () =>
    kube.listObjects<PodShape>('v1', 'Pod', {
      namespace,
      labelSelector: projectSelector(project),
      signal,
    }),
  );
}
