// The tasks the stack report shows: the newest meant to run per slot, and always the latest
// failure, even while a rollback has tasks of both versions meant to run in the same slots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportedTasks } from './report.js';
import { task } from './task.fixture.js';

test('a rollback of three replicas: one task per slot, and the unhealthy one that failed', () => {
  const unhealthy = task(1, 'failed', 'shutdown', 'n1', {
    Err: 'task: non-zero exit (137): dockerexec: unhealthy container',
  });
  // The rollback's tasks and the ones they replace, all meant to run for a moment.
  const tasks = [task(1, 'running'), task(2, 'running'), task(3, 'running'), unhealthy];
  tasks.push(task(1, 'starting'), task(2, 'preparing'), task(3, 'assigned'));
  const shown = reportedTasks(tasks);
  assert.equal(shown.length, 4);
  assert.deepEqual(
    shown
      .slice(0, 3)
      .map((t) => t.Slot)
      .sort(),
    [1, 2, 3],
  );
  assert.equal(shown[3], unhealthy);
});

test('the task that failed is shown before a newer one the rollback shut down with an error', () => {
  const unhealthy = task(1, 'failed', 'shutdown', 'n1', {
    Err: 'task: non-zero exit (137): dockerexec: unhealthy container',
  });
  const stopped = task(2, 'shutdown', 'shutdown', 'n2', { Err: 'task: non-zero exit (143)' });
  const shown = reportedTasks([task(1, 'running'), task(2, 'running'), unhealthy, stopped]);
  assert.deepEqual(shown.slice(2), [unhealthy, stopped]);
  // With the slots full, the one place for a failure goes to the task that failed.
  const full = reportedTasks([
    task(1, 'running'),
    task(2, 'running'),
    task(3, 'running'),
    unhealthy,
    stopped,
  ]);
  assert.equal(full[3], unhealthy);
});

test('without a failure, up to four current tasks', () => {
  const shown = reportedTasks([1, 2, 3, 4, 5].map((s) => task(s, 'running')));
  assert.deepEqual(
    shown.map((t) => t.Slot),
    [5, 4, 3, 2],
  );
});
