// Waiting for a stack's services to converge (`--wait`): their current tasks running (healthy
// where a health check is set: Swarm reports such a task running only once it is healthy), jobs
// complete, updates finished; with a progress line per service and, when a service does not
// get there, the errors of its tasks and their last log lines.
import { ComposeError } from '../api/errors.js';
import type { SwarmService, SwarmTask, TaskState } from '../engine/index.js';
import type { ComposeContext } from '../compose/context.js';
import { emit, sleep } from '../compose/emit.js';
import { limitConcurrency } from '../compose/parallel.js';
import { collectOutput } from '../engine/index.js';

/** A service to wait for. */
export interface WaitTarget {
  readonly name: string;
  readonly id: string;
  /** Keep watching this long once converged, to see tasks that fail soon after starting. */
  readonly stableMs: number;
}

/** Options of {@link waitForServices}. */
export interface WaitOptions {
  /** Epoch milliseconds after which waiting fails; undefined waits as long as it takes. */
  readonly deadline?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Polling interval. @default 500 */
  readonly intervalMs?: number | undefined;
  /** Report each service's progress (off for dependency waits that a later wait reports). */
  readonly report?: boolean | undefined;
  /**
   * One line per failing service in the error (its reason), for a caller whose run report
   * shows the tasks and their logs. @default false: the error lists them too
   */
  readonly brief?: boolean | undefined;
}

/** Where one service stands. */
export interface Convergence {
  readonly converged: boolean;
  /** `2/3`, `1/1 completed`, `rolling back`. */
  readonly progress: string;
  /** A state it will not leave by itself (update paused, rolled back, job failed). */
  readonly failure?: string | undefined;
}

const ORDER: Readonly<Record<string, number>> = {
  new: 1,
  allocated: 2,
  pending: 3,
  assigned: 4,
  accepted: 5,
  preparing: 6,
  ready: 7,
  starting: 8,
  running: 9,
  complete: 10,
  shutdown: 11,
  failed: 12,
  rejected: 13,
  remove: 14,
  orphaned: 15,
};

function terminal(state: TaskState): boolean {
  return (ORDER[state] ?? 0) > ORDER.running;
}

/**
 * Where `service` stands given its up-to-date tasks (`_up-to-date` filter) and the nodes that
 * are not down. Replicated services count running tasks per slot, global ones per node, jobs
 * their completed tasks, as `docker service` progress does.
 */
export function convergence(
  service: SwarmService,
  tasks: readonly SwarmTask[],
  activeNodes: ReadonlySet<string>,
): Convergence {
  const update = service.UpdateStatus;
  const message = update?.Message ?? '';
  switch (update?.State) {
    case 'paused':
      return {
        converged: false,
        progress: 'update paused',
        failure: `the update paused: ${message}`,
      };
    case 'rollback_paused':
      return {
        converged: false,
        progress: 'rollback paused',
        failure: `the update failed and its rollback paused: ${message}`,
      };
    case 'rollback_completed':
      return {
        converged: false,
        progress: 'rolled back',
        failure: `the update failed and Swarm rolled it back: ${message}`,
      };
    default:
      break;
  }
  const updating = update?.State === 'updating' || update?.State === 'rollback_started';
  const mode = service.Spec.Mode ?? {};
  const live = tasks.filter(
    (t) => t.NodeID === undefined || t.NodeID === '' || activeNodes.has(t.NodeID),
  );
  if (mode.ReplicatedJob != null || mode.GlobalJob != null) {
    const total =
      mode.ReplicatedJob?.TotalCompletions ?? (mode.ReplicatedJob != null ? 1 : undefined);
    const complete = live.filter((t) => t.Status.State === 'complete').length;
    const failed =
      service.Spec.TaskTemplate.RestartPolicy?.Condition === 'none'
        ? live.find((t) => t.Status.State === 'failed' || t.Status.State === 'rejected')
        : undefined;
    const expected = total ?? Math.max(live.length, 1);
    return {
      converged: complete >= expected && !updating,
      progress: `${complete}/${expected} completed`,
      failure: failed === undefined ? undefined : `a task of the job failed: ${taskError(failed)}`,
    };
  }
  const current = new Map<string | number, SwarmTask>();
  for (const t of live) {
    if ((ORDER[t.DesiredState] ?? 0) === 0 || (ORDER[t.Status.State] ?? 0) === 0) continue;
    const key = mode.Global != null ? (t.NodeID ?? '') : (t.Slot ?? 0);
    const seen = current.get(key);
    if (seen !== undefined) {
      const d = ORDER[seen.DesiredState] - ORDER[t.DesiredState];
      if (d < 0 || (d === 0 && ORDER[seen.Status.State] <= ORDER[t.Status.State])) continue;
    }
    current.set(key, t);
  }
  const running = [...current.values()].filter(
    (t) => !terminal(t.DesiredState) && t.Status.State === 'running',
  ).length;
  const desired = mode.Global != null ? current.size : (mode.Replicated?.Replicas ?? 1);
  const stopped =
    service.Spec.TaskTemplate.RestartPolicy?.Condition === 'none'
      ? [...current.values()].find(
          (t) => t.Status.State === 'failed' || t.Status.State === 'rejected',
        )
      : undefined;
  return {
    converged: running === desired && (mode.Global == null || desired > 0) && !updating,
    progress: `${running}/${desired} running${update?.State === 'rollback_started' ? ', rolling back' : ''}`,
    failure:
      stopped === undefined
        ? undefined
        : `a task failed and restart_policy is none: ${taskError(stopped)}`,
  };
}

/** A task's error as the engine reports it, with the exit code when there is one. */
export function taskError(task: SwarmTask): string {
  const text = task.Status.Err ?? task.Status.Message ?? task.Status.State;
  const code = task.Status.ContainerStatus?.ExitCode;
  return code !== undefined && code !== 0 && !text.includes('exit')
    ? `${text} (exit code ${code})`
    : text;
}

/**
 * Waits until every target has converged, reporting `Service <name>` progress.
 * @throws ComposeError `RUNTIME` when a service reaches a state it will not leave (rolled back,
 *   paused, failed job), `TIMEOUT` when the deadline passes; both list each failing service's
 *   task errors and last log lines
 */
export async function waitForServices(
  ctx: ComposeContext,
  targets: readonly WaitTarget[],
  options: WaitOptions = {},
): Promise<void> {
  const report = options.report !== false;
  const pending = new Map(targets.map((t) => [t.id, t]));
  const since = new Map<string, number>();
  const shown = new Map<string, string>();
  const limit = limitConcurrency(8);
  const last = new Map<string, Convergence>();
  for (;;) {
    const nodes = await ctx.engine.nodes.list({ signal: options.signal });
    const active = new Set(nodes.filter((n) => n.Status.State !== 'down').map((n) => n.ID));
    const failures: string[] = [];
    await Promise.all(
      [...pending.values()].map((target) =>
        limit(async () => {
          const service = await ctx.engine.services.inspect(target.id, { signal: options.signal });
          const tasks = await ctx.engine.tasks.list({
            filters: { service: [target.id], '_up-to-date': ['true'] },
            signal: options.signal,
          });
          const state = convergence(service, tasks, active);
          last.set(target.id, state);
          if (state.failure !== undefined) {
            failures.push(await describe(ctx, target, state, state.failure, options));
            pending.delete(target.id);
            if (report) emit(ctx, 'service', target.name, 'Error', 'error', state.failure);
            return;
          }
          const now = Date.now();
          if (!state.converged) since.delete(target.id);
          else if (!since.has(target.id)) since.set(target.id, now);
          const stableFor = target.stableMs;
          const settled = state.converged && now - since.get(target.id)! >= stableFor;
          if (settled) {
            pending.delete(target.id);
            if (report) emit(ctx, 'service', target.name, 'Converged', 'done', state.progress);
            return;
          }
          const text = `${state.progress}${state.converged ? ', verifying' : ''}`;
          if (report && shown.get(target.id) !== text) {
            shown.set(target.id, text);
            emit(ctx, 'service', target.name, 'Waiting', 'working', text);
          }
        }),
      ),
    );
    if (failures.length > 0) {
      throw new ComposeError('RUNTIME', failures.join('\n'));
    }
    if (pending.size === 0) return;
    if (options.deadline !== undefined && Date.now() >= options.deadline) {
      const details = await Promise.all(
        [...pending.values()].map((t) =>
          describe(
            ctx,
            t,
            last.get(t.id),
            `did not converge within ${options.timeoutSeconds ?? 0}s`,
            options,
          ),
        ),
      );
      for (const t of pending.values()) {
        if (report) emit(ctx, 'service', t.name, 'Error', 'error', 'not converged');
      }
      throw new ComposeError('TIMEOUT', details.join('\n'));
    }
    await sleep(options.intervalMs ?? 500, options.signal);
  }
}

/** A failing service in the error: one line when `brief`, else with its tasks and logs. */
function describe(
  ctx: ComposeContext,
  target: WaitTarget,
  state: Convergence | undefined,
  reason: string,
  options: WaitOptions,
): Promise<string> {
  if (options.brief === true) {
    return Promise.resolve(
      `service ${target.name} ${reason}${state === undefined ? '' : ` (${state.progress})`}`,
    );
  }
  return describeFailure(ctx, target, state, reason);
}

/**
 * A failing service as the error shows it: what went wrong, then its latest failed tasks (the
 * engine's error, node and exit code) and the last lines their containers printed.
 */
async function describeFailure(
  ctx: ComposeContext,
  target: WaitTarget,
  state: Convergence | undefined,
  reason: string,
): Promise<string> {
  const lines = [
    `service ${target.name} ${reason}${state === undefined ? '' : ` (${state.progress})`}`,
  ];
  try {
    const [tasks, nodes] = await Promise.all([
      ctx.engine.tasks.list({ filters: { service: [target.id] } }),
      ctx.engine.nodes.list(),
    ]);
    const hostname = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
    const failed = tasks
      .filter(
        (t) =>
          t.Status.State === 'failed' ||
          t.Status.State === 'rejected' ||
          (t.Status.Err ?? '') !== '',
      )
      .sort((a, b) => (a.Status.Timestamp < b.Status.Timestamp ? 1 : -1))
      .slice(0, 3);
    if (failed.length === 0) {
      const waiting = tasks
        .filter((t) => t.DesiredState === 'running' && t.Status.State !== 'running')
        .slice(0, 3);
      for (const t of waiting) {
        lines.push(
          `  task ${taskName(target.name, t)} on ${hostname.get(t.NodeID ?? '') ?? 'no node'}: ${t.Status.State}${t.Status.Message !== undefined ? ` (${t.Status.Message})` : ''}`,
        );
      }
    }
    for (const t of failed) {
      lines.push(
        `  task ${taskName(target.name, t)} on ${hostname.get(t.NodeID ?? '') ?? 'no node'}: ${t.Status.State}: ${taskError(t)}`,
      );
    }
    const withContainer = failed.find((t) => (t.Status.ContainerStatus?.ContainerID ?? '') !== '');
    if (withContainer !== undefined) {
      const log = await lastLogLines(ctx, withContainer, 10);
      if (log.length > 0) {
        lines.push(`  last log lines of ${taskName(target.name, withContainer)}:`);
        for (const l of log) lines.push(`    ${l}`);
      }
    }
  } catch {
    // The reason alone still says what failed.
  }
  return lines.join('\n');
}

/** `name.slot` (or `name.node` for global services), as `docker service ps` names tasks. */
export function taskName(serviceName: string, task: SwarmTask): string {
  return task.Slot !== undefined && task.Slot !== 0
    ? `${serviceName}.${task.Slot}`
    : `${serviceName}.${task.NodeID ?? ''}`;
}

/** The last lines a task's container printed; empty when they cannot be had within 5 s. */
export async function lastLogLines(
  ctx: ComposeContext,
  task: SwarmTask,
  count: number,
): Promise<string[]> {
  try {
    const out = await ctx.engine.tasks.logs(task.ID, {
      tail: count,
      tty: task.Spec.ContainerSpec?.TTY === true,
      signal: AbortSignal.timeout(5000),
    });
    const { stdout, stderr } = await collectOutput(out);
    return `${stdout}${stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-count);
  } catch {
    return [];
  }
}
