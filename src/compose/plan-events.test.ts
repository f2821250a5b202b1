import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import type { Plan } from '../api/plan.js';
import type { ComposeContext } from './context.js';
import { emitPlanEvents } from './plan-events.js';

function events(plan: Plan): string[] {
  const seen: string[] = [];
  const ctx = {
    events: (e: ProgressEvent) => seen.push(`${e.id} ${e.text}`),
  } as unknown as ComposeContext;
  emitPlanEvents(ctx, plan);
  return seen;
}

test('plan-events tells a plan as the events of the run: create phase, then starts', () => {
  const plan: Plan = {
    schemaVersion: 1,
    project: 'p',
    command: 'up',
    warnings: [],
    steps: [
      { kind: 'image', name: 'app:1', action: 'pull', reasons: [] },
      { kind: 'network', name: 'p_default', action: 'create', reasons: [] },
      { kind: 'network', name: 'p_front', action: 'keep', reasons: [] },
      { kind: 'container', name: 'p-db-1', action: 'recreate', start: true, reasons: [] },
      { kind: 'container', name: 'p-cache-1', action: 'keep', state: 'running', reasons: [] },
      { kind: 'container', name: 'p-old-1', action: 'start', state: 'exited', reasons: [] },
      { kind: 'container', name: 'p-web-1', action: 'create', start: true, reasons: [] },
    ],
  };
  assert.deepEqual(events(plan), [
    'Image app:1 Pulling',
    'Image app:1 Pulled',
    'Network p_default Creating',
    'Network p_default Created',
    'Container p-db-1 Recreate',
    'Container p-db-1 Recreated',
    'Container p-cache-1 Running',
    'Container p-web-1 Creating',
    'Container p-web-1 Created',
    'Container p-db-1 Starting',
    'Container p-db-1 Started',
    'Container p-old-1 Starting',
    'Container p-old-1 Started',
    'Container p-web-1 Starting',
    'Container p-web-1 Started',
  ]);
});

test('plan-events stops a running container before removing it, as down does', () => {
  const plan: Plan = {
    schemaVersion: 1,
    project: 'p',
    command: 'down',
    warnings: [],
    steps: [
      { kind: 'container', name: 'p-web-1', action: 'remove', state: 'running', reasons: [] },
      { kind: 'container', name: 'p-job-1', action: 'remove', state: 'exited', reasons: [] },
      { kind: 'volume', name: 'p_data', action: 'remove', reasons: [] },
    ],
  };
  assert.deepEqual(events(plan), [
    'Container p-web-1 Stopping',
    'Container p-web-1 Stopped',
    'Container p-web-1 Removing',
    'Container p-web-1 Removed',
    'Container p-job-1 Removing',
    'Container p-job-1 Removed',
    'Volume p_data Removing',
    'Volume p_data Removed',
  ]);
});
