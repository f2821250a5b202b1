// Swarm tasks for the stack unit tests: each newer than the last one made.
import type { SwarmTask, TaskState } from '../engine/index.js';

let n = 0;
/** A task of service `s1` in `slot` on `node`, its status `state` (plus `extra`). */
export function task(
  slot: number | undefined,
  state: TaskState,
  desired: TaskState = 'running',
  node = 'n1',
  extra: Partial<SwarmTask['Status']> = {},
): SwarmTask {
  n++;
  return {
    ID: `t${n}`,
    Version: { Index: 1 },
    CreatedAt: '',
    UpdatedAt: '',
    Spec: {},
    ServiceID: 's1',
    Slot: slot,
    NodeID: node,
    Status: {
      Timestamp: `2026-01-01T00:00:${String(n).padStart(2, '0')}Z`,
      State: state,
      ...extra,
    },
    DesiredState: desired,
  };
}
