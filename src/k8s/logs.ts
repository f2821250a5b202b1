/** `k8s logs SERVICE`: the log of each of a service's pods, read once or followed. */
import type { K8sLogsOptions } from '../api/k8s.js';
import { ComposeError } from '../api/errors.js';
import { COMPOSE_SERVICE_LABEL, NAME_LABEL } from '../convert/kubernetes/labels.js';
import type { KubeClient } from '../kube/index.js';
import { onCluster } from './objects.js';
import { projectPods } from './ps.js';

/**
 * Passes every line of the service's pods' logs (their main container) to `onLine`; with
 * `follow`, keeps passing new lines until the pods' containers end or the signal aborts. Pods
 * started after the call are not followed.
 * @throws ComposeError('USAGE') when the service has no pod; ('KUBERNETES')
 */
export async function k8sLogs(
  kube: KubeClient,
  project: string,
  service: string,
  options: K8sLogsOptions,
): Promise<void> {
  const namespace = options.namespace ?? kube.namespace;
  const pods = (await projectPods(kube, project, namespace, options.signal)).filter((p) => {
    const labels = p.metadata.labels ?? {};
    return labels[COMPOSE_SERVICE_LABEL] === service || labels[NAME_LABEL] === service;
  });
  if (pods.length === 0) {
    throw new ComposeError(
      'USAGE',
      `no pod of service ${service} in namespace ${namespace} (project ${project})`,
    );
  }
  pods.sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  await Promise.all(
    pods.map(async (pod) => {
      const name = pod.metadata.name ?? '';
      const container = pod.spec?.containers?.[0]?.name;
      const emit = (text: string): void => {
        options.onLine({ service, pod: name, text });
      };
      const query = { namespace, container, tailLines: options.tail, signal: options.signal };
      if (options.follow !== true) {
        const text = await onCluster(`reading the log of ${name}`, () => kube.logs(name, query));
        for (const line of text.replace(/\n$/, '').split('\n')) if (text !== '') emit(line);
        return;
      }
      const stream = await onCluster(`following the log of ${name}`, () =>
        kube.followLogs(name, query),
      );
      let rest = '';
      try {
        for await (const chunk of stream) {
          const lines = (rest + String(chunk)).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) emit(line);
        }
      } catch (err) {
        if (!(err instanceof Error && err.name === 'AbortError')) throw err;
      }
      if (rest !== '') emit(rest);
    }),
  );
}
