import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SwarmService } from '../engine/index.js';
import { convergence, taskError } from './converge.js';
import { task } from './task.fixture.js';

function service(
  spec: Partial<SwarmService['Spec']>,
  update?: SwarmService['UpdateStatus'],
): SwarmService {
  return {
    ID: 's1',
    Version: { Index: 1 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: { Name: 'shop_web', TaskTemplate: {}, ...spec },
    UpdateStatus: update,
  };
}

const nodes = new Set(['n1', 'n2', 'n3']);

test('convergence of a replicated service counts the running task of each slot', () => {
  const s = service({ Mode: { Replicated: { Replicas: 2 } } });
  assert.deepEqual(convergence(s, [task(1, 'running'), task(2, 'starting')], nodes), {
    converged: false,
    progress: '1/2 running',
    failure: undefined,
  });
  const history = [task(1, 'failed', 'shutdown'), task(1, 'running'), task(2, 'running')];
  assert.equal(convergence(s, history, nodes).converged, true);
  // A task on a node that is down does not count.
  assert.equal(
    convergence(s, [task(1, 'running', 'running', 'gone'), task(2, 'running')], nodes).converged,
    false,
  );
});

test('convergence of a global service wants every node task running, and an update finished', () => {
  const s = service({ Mode: { Global: {} } });
  assert.equal(
    convergence(
      s,
      [task(undefined, 'running', 'running', 'n1'), task(undefined, 'running', 'running', 'n2')],
      nodes,
    ).converged,
    true,
  );
  assert.equal(convergence(s, [], nodes).converged, false);
  const updating = service({ Mode: { Global: {} } }, { State: 'updating' });
  assert.equal(convergence(updating, [task(undefined, 'running')], nodes).converged, false);
});

test('convergence reports a rollback, a paused update and a failed job as failures', () => {
  const rolled = service(
    { Mode: { Replicated: { Replicas: 1 } } },
    { State: 'rollback_completed', Message: 'rollback completed' },
  );
  assert.match(
    convergence(rolled, [task(1, 'running')], nodes).failure ?? '',
    /rolled it back: rollback completed/,
  );
  const paused = service(
    { Mode: { Replicated: { Replicas: 1 } } },
    { State: 'paused', Message: 'update paused due to failure' },
  );
  assert.match(convergence(paused, [], nodes).failure ?? '', /paused/);
  const job = service({
    Mode: { ReplicatedJob: { TotalCompletions: 2 } },
    TaskTemplate: { RestartPolicy: { Condition: 'none' } },
  });
  const state = convergence(
    job,
    [
      task(1, 'complete', 'complete'),
      task(2, 'failed', 'complete', 'n1', { Err: 'task: non-zero exit (3)' }),
    ],
    nodes,
  );
  assert.equal(state.progress, '1/2 completed');
  assert.match(state.failure ?? '', /non-zero exit \(3\)/);
  assert.equal(
    convergence(job, [task(1, 'complete', 'complete'), task(2, 'complete', 'complete')], nodes)
      .converged,
    true,
  );
});

test('taskError adds the exit code when the message lacks it', () => {
  assert.equal(
    taskError(
      task(1, 'failed', 'shutdown', 'n1', {
        Err: 'starting container failed',
        ContainerStatus: { ExitCode: 127 },
      }),
    ),
    'starting container failed (exit code 127)',
  );
  assert.equal(
    taskError(task(1, 'rejected', 'shutdown', 'n1', { Err: 'No such image: app:1' })),
    'No such image: app:1',
  );
});
