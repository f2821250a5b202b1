/**
 * `k8s deploy --wait`: follows each workload until it has rolled out (a Job: completed), with a
 * progress event whenever its ready count changes, and fails as soon as one of its pods is
 * stuck for a reason waiting will not cure, or has found no node for UNSCHEDULABLE_GRACE_MS
 * (see pod-problems.ts).
 */
import type { K8sDeployEvent } from '../api/k8s.js';
import { ComposeError } from '../api/errors.js';
import type { KubeClient, KubeObject } from '../kube/index.js';
import { objectId, onCluster, sleep } from './objects.js';
import {
  podProblem,
  UNSCHEDULABLE_GRACE_MS,
  unschedulable,
  type PodShape,
} from './pod-problems.js';

/** A workload to wait for. */
export interface Workload {
  readonly service: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The labels that select its pods. */
  readonly selector: Readonly<Record<string, string>>;
}

interface WorkloadShape extends KubeObject {
  spec?: { replicas?: number; completions?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    succeeded?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** Where a workload stands: ready/desired, done, or failed for good. */
export function rolloutState(w: WorkloadShape): {
  ready: number;
  desired: number;
  done: boolean;
  failed?: string;
} {
  const s = w.status ?? {};
  const current = (s.observedGeneration ?? 0) >= (w.metadata.generation ?? 0);
  switch (w.kind) {
    case 'Job': {
      const desired = w.spec?.completions ?? 1;
      const failed = s.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
      const ready = s.succeeded ?? 0;
      return {
        ready,
        desired,
        done: ready >= desired,
        failed:
          failed === undefined
            ? undefined
            : `${failed.reason ?? 'Failed'}: ${failed.message ?? ''}`,
      };
    }
    case 'DaemonSet': {
      const desired = s.desiredNumberScheduled ?? 0;
      const ready = s.numberAvailable ?? 0;
      return {
        ready,
        desired,
        done: current && (s.updatedNumberScheduled ?? 0) === desired && ready === desired,
      };
    }
    default: {
      // A StatefulSet counts ready replicas; a Deployment available ones.
      const desired = w.spec?.replicas ?? 1;
      const ready = (w.kind === 'StatefulSet' ? s.readyReplicas : s.availableReplicas) ?? 0;
      return {
        ready,
        desired,
        done:
          current &&
          (s.updatedReplicas ?? 0) === desired &&
          ready === desired &&
          (s.replicas ?? 0) === desired,
      };
    }
  }
}

/**
 * Waits for every workload; resolves with how long each took.
 * @throws ComposeError('RUNTIME') naming the service and its pod's reason (with the last log
 *   lines of a crash loop); ('TIMEOUT') after `timeoutMs`, with the services still not ready
 */
export async function waitForRollouts(
  kube: KubeClient,
  namespace: string,
  workloads: readonly Workload[],
  options: {
    readonly timeoutMs: number;
    /** How long a pod may find no node before it fails the wait; default UNSCHEDULABLE_GRACE_MS. */
    readonly unschedulableGraceMs?: number | undefined;
    readonly onEvent?: ((e: K8sDeployEvent) => void) | undefined;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<{ service: string; workload: string; ms: number }[]> {
  const started = Date.now();
  const pending = new Map(
    workloads.map((w) => [objectId({ kind: w.kind, metadata: { name: w.name } }), w]),
  );
  const last = new Map<string, string>();
  // By workload: its pods that no node has taken, since when (first seen) and why.
  const stuck = new Map<string, Unplaced>();
  const done: { service: string; workload: string; ms: number }[] = [];
  const emit = (
    w: Workload,
    id: string,
    ready: number,
    desired: number,
    state: 'waiting' | 'ready' | 'failed',
    details?: string,
  ): void => {
    const key = `${String(ready)}/${String(desired)}/${state}`;
    if (last.get(id) === key) return;
    last.set(id, key);
    options.onEvent?.({
      type: 'rollout',
      service: w.service,
      workload: id,
      ready,
      desired,
      state,
      details,
    });
  };
  for (;;) {
    for (const [id, w] of pending) {
      const live = await onCluster(`reading ${id}`, () =>
        kube.getObject<WorkloadShape>(
          { apiVersion: w.apiVersion, kind: w.kind, name: w.name, namespace },
          { signal: options.signal },
        ),
      );
      const state = rolloutState(live);
      if (state.done) {
        emit(w, id, state.ready, state.desired, 'ready');
        done.push({ service: w.service, workload: id, ms: Date.now() - started });
        pending.delete(id);
        continue;
      }
      const problem =
        state.failed ??
        (await firstProblem(kube, namespace, w, {
          id,
          stuck,
          graceMs: options.unschedulableGraceMs ?? UNSCHEDULABLE_GRACE_MS,
          signal: options.signal,
        }));
      if (problem !== undefined) {
        emit(w, id, state.ready, state.desired, 'failed', problem);
        throw new ComposeError(
          'RUNTIME',
          `service ${w.service} (${id}) failed to roll out: ${problem}`,
        );
      }
      emit(w, id, state.ready, state.desired, 'waiting');
    }
    if (pending.size === 0) return done;
    if (Date.now() - started > options.timeoutMs) {
      const names = [...pending.values()].map((w) => w.service).join(', ');
      const reasons = [...pending.keys()].flatMap((k) => [...(stuck.get(k)?.values() ?? [])]);
      const why = reasons.length === 0 ? '' : ` (${reasons[0].reason})`;
      throw new ComposeError(
        'TIMEOUT',
        `timed out after ${String(Math.round(options.timeoutMs / 1000))}s waiting for ${names} to roll out${why}`,
      );
    }
    await sleep(1000, options.signal);
  }
}

/** A workload's pods that no node has taken: since when each was first seen so, and why. */
type Unplaced = Map<string, { readonly since: number; readonly reason: string }>;

/**
 * The first problem of the workload's pods, or undefined; `stuck` keeps, for the workload `id`,
 * its pods found unschedulable, and one becomes a problem once unschedulable for `graceMs`.
 */
async function firstProblem(
  kube: KubeClient,
  namespace: string,
  w: Workload,
  watch: {
    readonly id: string;
    readonly stuck: Map<string, Unplaced>;
    readonly graceMs: number;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<string | undefined> {
  const { id, stuck, graceMs, signal } = watch;
  const selector = Object.entries(w.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = await onCluster(`listing the pods of ${w.service}`, () =>
    kube.listObjects<PodShape>('v1', 'Pod', { namespace, labelSelector: selector, signal }),
  );
  const before = stuck.get(id);
  const now: Unplaced = new Map();
  stuck.set(id, now);
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const problem = await podProblem(kube, pod, namespace, signal);
    if (problem !== undefined) return problem;
    const reason = unschedulable(pod);
    if (reason === undefined) continue;
    const key = pod.metadata.uid ?? pod.metadata.name ?? '';
    const since = before?.get(key)?.since ?? Date.now();
    now.set(key, { since, reason });
    if (Date.now() - since >= graceMs) return reason;
  }
  return undefined;
}
