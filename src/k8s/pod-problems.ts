/**
 * Why a service's pods do not come up, in words a user can act on: an image that cannot be
 * pulled (or is missing with `imagePullPolicy: Never`), a container in a crash loop (with the
 * last lines of its log), a pod no node has taken for a while.
 */
import type { KubeClient, KubeObject } from '../kube/index.js';

/** The parts of a pod read here. */
export interface PodShape extends KubeObject {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

/** One container's status. */
export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

/** Waiting reasons that will not resolve by waiting longer. */
const IMAGE_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
]);

/** How many log lines a crash-loop report shows. */
export const CRASH_LOG_LINES = 10;

/**
 * How long a pod may stay unschedulable before `--wait` calls it stuck. The scheduler keeps
 * trying, and much cures itself within seconds: a volume claim being bound (`pod has unbound
 * immediate PersistentVolumeClaims`), a node becoming ready, an old replica releasing its share.
 */
export const UNSCHEDULABLE_GRACE_MS = 30_000;

/** Why no node takes the pod (its `PodScheduled` condition), or undefined. */
export function unschedulable(pod: PodShape): string | undefined {
  const condition = pod.status?.conditions?.find(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
  if (condition === undefined) return undefined;
  return `pod ${pod.metadata.name ?? ''}: unschedulable: ${condition.message ?? ''}`.trim();
}

/**
 * The problem of one pod that waiting will not cure, or undefined while it is merely on its way
 * (an unschedulable pod is left to the caller: see {@link UNSCHEDULABLE_GRACE_MS}).
 * @returns e.g. `pod web-5c9f-x2: container web: CrashLoopBackOff (exit code 3); last log lines: ...`
 */
export async function podProblem(
  kube: KubeClient,
  pod: PodShape,
  namespace: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const name = pod.metadata.name ?? '';
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const c of statuses) {
    const waiting = c.state?.waiting;
    const reason = waiting?.reason ?? '';
    if (IMAGE_REASONS.has(reason)) {
      return `pod ${name}: container ${c.name}: ${reason}: ${waiting?.message ?? ''}`.trim();
    }
    if (reason === 'CrashLoopBackOff') {
      const exit = c.lastState?.terminated?.exitCode;
      const log = await lastLines(kube, name, c.name, namespace, signal);
      return (
        `pod ${name}: container ${c.name}: CrashLoopBackOff` +
        (exit === undefined ? '' : ` (exit code ${String(exit)})`) +
        `, restarted ${String(c.restartCount)} times; last log lines:\n${log}`
      );
    }
  }
  return undefined;
}

/** The crashed instance's last lines (the current one's when there is no previous). */
async function lastLines(
  kube: KubeClient,
  pod: string,
  container: string,
  namespace: string,
  signal?: AbortSignal,
): Promise<string> {
  const read = (previous: boolean): Promise<string> =>
    kube.logs(pod, { namespace, container, previous, tailLines: CRASH_LOG_LINES, signal });
  let text = await read(true).catch(() => '');
  if (text.trim() === '') text = await read(false).catch(() => '');
  const lines = text.replace(/\n$/, '').split('\n');
  return text.trim() === '' ? '  (no output)' : lines.map((l) => `  ${l}`).join('\n');
}

/** `ready/total` of a pod's containers, the restarts and the state shown by `k8s ps`. */
export function podSummary(pod: PodShape): { ready: string; restarts: number; status: string } {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers?.length ?? statuses.length;
  const ready = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((n, c) => n + c.restartCount, 0);
  let status =
    pod.metadata.deletionTimestamp !== undefined ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
  const init = (pod.status?.initContainerStatuses ?? []).find(
    (c) => c.state?.terminated?.exitCode !== 0,
  );
  const waiting = [...(init === undefined ? [] : [init]), ...statuses]
    .map((c) => c.state?.waiting?.reason)
    .find((r) => r !== undefined && r !== '' && r !== 'PodInitializing');
  if (waiting !== undefined && status !== 'Terminating') status = waiting;
  else if (init !== undefined && status === 'Pending') status = `Init:${init.name}`;
  return { ready: `${String(ready)}/${String(total)}`, restarts, status };
}
