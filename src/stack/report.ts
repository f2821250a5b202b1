// The run report of `stack deploy --wait`: per service where it stands on the swarm (the same
// convergence test as the wait), and as its "containers" its latest tasks — the current one of
// each slot and the latest that failed — with the swarm's error, exit code and last log lines.
import { isComposeError } from '../api/errors.js';
import {
  REPORT_LOG_LINES,
  REPORT_SCHEMA_VERSION,
  describeFailure,
  type ContainerRunReport,
  type FailureReason,
  type RunReport,
  type ServiceRunReport,
} from '../api/report.js';
import type { ComposeContext } from '../compose/context.js';
import { mask, redactService, secretValues } from '../compose/run-report.js';
import type { SwarmTask } from '../engine/index.js';
import type { Project } from '../model/project.js';
import { convergence, lastLogLines, taskError, taskName } from './converge.js';

/** How many tasks of a service the report shows. */
const TASKS = 4;

/** A deployed service the report covers. */
export interface ReportedService {
  /** The compose service. */
  readonly key: string;
  /** The swarm service's name and ID. */
  readonly name: string;
  readonly id: string;
}

/**
 * Makes the report of a deploy's wait. Never throws: a service that cannot be read is reported
 * without tasks.
 */
export async function stackReport(
  ctx: ComposeContext,
  project: Project,
  stack: string,
  input: {
    readonly services: readonly ReportedService[];
    readonly exitStatus: number;
    readonly error?: unknown;
  },
): Promise<RunReport> {
  const secrets = secretValues(project);
  let active = new Set<string>();
  try {
    const nodes = await ctx.engine.nodes.list();
    active = new Set(nodes.filter((n) => n.Status.State !== 'down').map((n) => n.ID));
  } catch {
    // Without the nodes every task counts as live.
  }
  const services = await Promise.all(
    input.services.map((s) => serviceReport(ctx, project, s, active, secrets)),
  );
  const err = input.error;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    project: stack,
    command: 'stack deploy',
    exitStatus: input.exitStatus,
    error:
      err === undefined
        ? undefined
        : {
            code: isComposeError(err) ? err.code : 'ERROR',
            message: mask(err instanceof Error ? err.message : JSON.stringify(err), secrets),
          },
    time: new Date().toISOString(),
    services,
  };
}

async function serviceReport(
  ctx: ComposeContext,
  project: Project,
  target: ReportedService,
  active: ReadonlySet<string>,
  secrets: readonly string[],
): Promise<ServiceRunReport> {
  const config = redactService(project.services[target.key]);
  try {
    const [service, upToDate, all] = await Promise.all([
      ctx.engine.services.inspect(target.id),
      ctx.engine.tasks.list({ filters: { service: [target.id], '_up-to-date': ['true'] } }),
      ctx.engine.tasks.list({ filters: { service: [target.id] } }),
    ]);
    const state = convergence(service, upToDate, active);
    const failure: FailureReason | undefined =
      state.failure !== undefined
        ? { kind: 'swarm', message: state.failure }
        : state.converged
          ? undefined
          : { kind: 'swarm', message: `did not converge (${state.progress})` };
    const containers = await Promise.all(
      reportedTasks(all).map((t) => taskReport(ctx, target.name, t, secrets)),
    );
    return {
      name: target.key,
      failure,
      reason: failure === undefined ? undefined : describeFailure(failure),
      containers,
      config,
    };
  } catch (err) {
    const failure: FailureReason = {
      kind: 'swarm',
      message: `cannot be read: ${(err as Error).message}`,
    };
    return { name: target.key, failure, reason: describeFailure(failure), containers: [], config };
  }
}

/**
 * The tasks the report shows, at most {@link TASKS}: the newest one meant to run of each slot
 * (each node for a global service), then the latest that failed. The latest failure always has
 * a place: while Swarm rolls an update back, a slot can hold tasks of both versions meant to run.
 * A task that failed or was rejected comes before one that only stopped with an error: the tasks
 * a rollback shuts down exit non-zero too, after the failure that caused it.
 */
export function reportedTasks(tasks: readonly SwarmTask[]): SwarmTask[] {
  const newest = [...tasks].sort((a, b) => (a.Status.Timestamp < b.Status.Timestamp ? 1 : -1));
  const broke = (t: SwarmTask): boolean =>
    t.Status.State === 'failed' || t.Status.State === 'rejected';
  const failed = (t: SwarmTask): boolean => broke(t) || (t.Status.Err ?? '') !== '';
  const slots = new Set<string>();
  const current = newest.filter((t) => {
    if (t.DesiredState !== 'running' || failed(t)) return false;
    const slot = t.Slot !== undefined && t.Slot !== 0 ? `slot ${t.Slot}` : `node ${t.NodeID ?? ''}`;
    if (slots.has(slot)) return false;
    slots.add(slot);
    return true;
  });
  const failures = [...newest.filter(broke), ...newest.filter((t) => failed(t) && !broke(t))];
  const room = failures.length > 0 ? TASKS - 1 : TASKS;
  return [...current.slice(0, room), ...failures].slice(0, TASKS);
}

async function taskReport(
  ctx: ComposeContext,
  serviceName: string,
  task: SwarmTask,
  secrets: readonly string[],
): Promise<ContainerRunReport> {
  const status = task.Status;
  const hasContainer = (status.ContainerStatus?.ContainerID ?? '') !== '';
  const log = hasContainer ? await lastLogLines(ctx, task, REPORT_LOG_LINES) : [];
  const error = status.Err ?? (status.State === 'rejected' ? taskError(task) : undefined);
  return {
    id: status.ContainerStatus?.ContainerID ?? task.ID,
    name: taskName(serviceName, task),
    state: status.State,
    exitCode: status.ContainerStatus?.ExitCode ?? 0,
    oomKilled: false,
    restartCount: 0,
    startedAt: undefined,
    finishedAt: status.State === 'running' ? undefined : status.Timestamp,
    error: error === undefined ? undefined : mask(error, secrets),
    logTail: log.map((l) => mask(l, secrets)),
  };
}
