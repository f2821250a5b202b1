// Rollout states of each workload kind, pod summaries and problems (with a fake client for the
// crash loop's log), and the comparison that makes an unchanged re-deploy write nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeClient, KubeObject } from '../kube/index.js';
import { sameContent } from './apply.js';
import { podProblem, podSummary, unschedulable, type PodShape } from './pod-problems.js';
import { rolloutState, waitForRollouts } from './rollout.js';

const meta = (generation = 2): KubeObject['metadata'] => ({ name: 'w', generation });

test('rolloutState Deployment is done only when the current generation is all updated and available', () => {
  const d = (status: Record<string, number>, generation = 2): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(generation),
    spec: { replicas: 2 },
    status,
  });
  const full = { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 };
  assert.deepEqual(rolloutState(d(full)), { ready: 2, desired: 2, done: true });
  assert.equal(rolloutState(d({ ...full, observedGeneration: 1 })).done, false);
  assert.equal(rolloutState(d({ ...full, replicas: 3 })).done, false, 'an old pod remains');
  assert.equal(rolloutState(d({ ...full, availableReplicas: 1 })).done, false);
});

test('rolloutState StatefulSet, DaemonSet and Job', () => {
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(),
    spec: { replicas: 1 },
    status: { observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1 },
  };
  assert.equal(rolloutState(sts).done, true);
  assert.equal(rolloutState({ ...sts, status: { ...sts.status, readyReplicas: 0 } }).done, false);
  const ds = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(),
    status: {
      observedGeneration: 2,
      desiredNumberScheduled: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    },
  };
  assert.deepEqual(rolloutState(ds), { ready: 1, desired: 1, done: true });
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(), spec: {}, status: {} };
  assert.equal(rolloutState(job).done, false);
  assert.equal(rolloutState({ ...job, status: { succeeded: 1 } }).done, true);
  const failed = rolloutState({
    ...job,
    status: {
      conditions: [
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'too many' },
      ],
    },
  });
  assert.equal(failed.failed, 'BackoffLimitExceeded: too many');
});

const pod = (status: PodShape['status']): PodShape => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'web' }] },
  status,
});

const unplaced = pod({
  phase: 'Pending',
  conditions: [
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes' },
  ],
});

const fakeKube = (logs: Record<string, string>): KubeClient =>
  ({
    logs: (_pod: string, o: { previous?: boolean }) =>
      Promise.resolve(logs[o.previous === true ? 'previous' : 'current'] ?? ''),
  }) as unknown as KubeClient;

test('podProblem names a crash loop with the previous instance last log lines', async () => {
  const crashing = pod({
    phase: 'Running',
    containerStatuses: [
      {
        name: 'web',
        ready: false,
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
        lastState: { terminated: { exitCode: 3 } },
      },
    ],
  });
  const problem = await podProblem(fakeKube({ previous: 'one\ntwo\n' }), crashing, 'ns');
  assert.equal(
    problem,
    'pod web-1: container web: CrashLoopBackOff (exit code 3), restarted 3 times; last log lines:\n  one\n  two',
  );
  assert.deepEqual(podSummary(crashing), { ready: '0/1', restarts: 3, status: 'CrashLoopBackOff' });
});

test('podProblem names images that cannot be had; not a pod on its way, nor one no node took yet', async () => {
  const kube = fakeKube({});
  const never = pod({
    phase: 'Pending',
    containerStatuses: [
      {
        name: 'web',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ErrImageNeverPull', message: 'image "x" is not present' } },
      },
    ],
  });
  assert.equal(
    await podProblem(kube, never, 'ns'),
    'pod web-1: container web: ErrImageNeverPull: image "x" is not present',
  );
  assert.equal(await podProblem(kube, unplaced, 'ns'), undefined, 'left to the rollout wait');
  assert.equal(unschedulable(unplaced), 'pod web-1: unschedulable: 0/1 nodes');
  const starting = pod({
    phase: 'Pending',
    containerStatuses: [
      {
        name: 'web',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ],
  });
  assert.equal(await podProblem(kube, starting, 'ns'), undefined);
});

/**
 * A cluster whose StatefulSet `redis` and its pod go through `steps`, one per poll (the last
 * one stays): whether the set is ready, and the pod's status.
 */
function rollingCluster(steps: readonly { ready: boolean; pod: PodShape }[]): KubeClient {
  let polls = 0;
  const step = () => steps[Math.min(polls, steps.length - 1)];
  return {
    getObject: () => {
      const ready = step().ready ? 1 : 0;
      return Promise.resolve({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'redis', generation: 1 },
        spec: { replicas: 1 },
        status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: ready },
      });
    },
    listObjects: () => {
      const pods = [step().pod];
      polls++;
      return Promise.resolve(pods);
    },
  } as unknown as KubeClient;
}

const redis = {
  service: 'redis',
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  name: 'redis',
  selector: {},
};
const running = pod({ phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }] });

test('--wait waits for a pod no node took yet (its claim being bound), then sees it ready', async () => {
  const kube = rollingCluster([
    { ready: false, pod: unplaced },
    { ready: true, pod: running },
  ]);
  const done = await waitForRollouts(kube, 'ns', [redis], { timeoutMs: 60_000 });
  assert.deepEqual(
    done.map((d) => d.service),
    ['redis'],
  );
});

test('--wait fails on a pod that stays unschedulable past the grace, and times out naming it', async () => {
  const stuck = rollingCluster([{ ready: false, pod: unplaced }]);
  await assert.rejects(
    waitForRollouts(stuck, 'ns', [redis], { timeoutMs: 60_000, unschedulableGraceMs: 0 }),
    /service redis \(StatefulSet\/redis\) failed to roll out: pod web-1: unschedulable: 0\/1 nodes/,
  );
  await assert.rejects(
    waitForRollouts(stuck, 'ns', [redis], { timeoutMs: 0, unschedulableGraceMs: 60_000 }),
    /timed out after 0s waiting for redis to roll out \(pod web-1: unschedulable: 0\/1 nodes\)/,
  );
});

test('sameContent ignores versions, managed fields, status and key order; not a changed field', () => {
  const live: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a', resourceVersion: '7', managedFields: [{ manager: 'x' }] },
    data: { A: '1', B: '2' },
  };
  const planned: KubeObject = {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { resourceVersion: '8', name: 'a', managedFields: [{ manager: 'y' }] },
    data: { B: '2', A: '1' },
  };
  assert.equal(sameContent(planned, live), true);
  assert.equal(sameContent({ ...planned, data: { A: '1', B: '3' } }, live), false);
});
