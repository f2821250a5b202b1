// The run report of `up`, `start`, `run` and `wait`: every container of the services in scope
// inspected once, its last log lines read, and each service's failure derived from what the
// engine says about its containers (and, for a service that never started, its dependencies).
import { readFileSync, statSync } from 'node:fs';
import { isComposeError } from '../api/errors.js';
import {
  REDACTED,
  REPORT_LOG_LINES,
  REPORT_SCHEMA_VERSION,
  describeFailure,
  type ContainerRunReport,
  type FailureReason,
  type RunReport,
  type ServiceRunReport,
} from '../api/report.js';
import type { ContainerInspect } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import type { ComposeContext } from './context.js';
import { listProjectContainers, serviceOf } from './project-containers.js';

/** What {@link collectReport} reports on. */
export interface ReportInput {
  readonly command: string;
  /** The services in scope. @default every service of the project */
  readonly services?: readonly string[] | undefined;
  readonly exitStatus: number;
  /** The error the command failed with. */
  readonly error?: unknown;
  /** Include one-off (`run`) containers. @default false */
  readonly oneoff?: boolean | undefined;
  /** Containers already gone from the engine (`run --rm`), captured before their removal. */
  readonly captured?: readonly CapturedContainer[] | undefined;
  /**
   * The service of a `run`: its one-off container (in `captured`) is all that is reported of
   * it; the service's own containers took no part in the run.
   */
  readonly runService?: string | undefined;
  /**
   * Only these services can be failed ones (`--exit-code-from`); the others are reported
   * without a failure. @default any service whose containers say it failed
   */
  readonly failing?: readonly string[] | undefined;
  /**
   * Only the container that stopped first with a non-zero code counts as failed: the others
   * were stopped because of it (`--abort-on-container-exit`).
   */
  readonly firstExitOnly?: boolean | undefined;
}

/** A container's report captured before it went away, with its service. */
export interface CapturedContainer {
  readonly service: string;
  readonly container: ContainerRunReport;
}

/** Reads a container's final state and last log lines; values of secrets are masked. */
export async function captureContainer(
  ctx: ComposeContext,
  id: string,
  secrets: readonly string[],
): Promise<ContainerRunReport> {
  const inspect = await ctx.engine.containers.inspect(id);
  return containerReport(inspect, await logTail(ctx, id, inspect.Config.Tty === true), secrets);
}

/**
 * Makes the run report. Never throws: a container that vanished meanwhile is left out, and an
 * engine that cannot be reached gives a report without containers.
 */
export async function collectReport(
  ctx: ComposeContext,
  project: Project | string,
  input: ReportInput,
): Promise<RunReport> {
  const name = typeof project === 'string' ? project : project.name;
  const model = typeof project === 'string' ? undefined : project;
  const secrets = model === undefined ? [] : secretValues(model);
  const scope =
    input.services !== undefined && input.services.length > 0
      ? [...input.services]
      : model !== undefined
        ? Object.keys(model.services)
        : undefined;
  const byService = new Map<string, ContainerRunReport[]>();
  for (const s of scope ?? []) byService.set(s, []);
  const list = await listProjectContainers(ctx.engine, name, {
    all: true,
    oneoff: input.oneoff === true ? 'include' : 'exclude',
    services: scope,
  }).catch(() => []);
  const reports = await Promise.all(
    list.map(async (c) => {
      try {
        return { service: serviceOf(c), container: await captureContainer(ctx, c.Id, secrets) };
      } catch {
        return undefined;
      }
    }),
  );
  const listed = reports.filter(
    (r): r is CapturedContainer => r !== undefined && r.service !== input.runService,
  );
  for (const r of [...listed, ...(input.captured ?? [])]) {
    const group = byService.get(r.service);
    if (group === undefined) byService.set(r.service, [r.container]);
    else if (!group.some((c) => c.id === r.container.id)) group.push(r.container);
  }
  const timedOut = isComposeError(input.error, 'TIMEOUT');
  const failing =
    input.failing !== undefined
      ? new Set(input.failing)
      : input.firstExitOnly === true
        ? firstFailed(byService)
        : undefined;
  const services: ServiceRunReport[] = [];
  for (const [service, containers] of byService) {
    const config = model?.services[service];
    let failure =
      failing === undefined || failing.has(service)
        ? containerFailure(containers, timedOut, config)
        : undefined;
    if (failure === undefined && model !== undefined && config !== undefined) {
      failure = dependencyFailure(model, config, containers, byService);
    }
    services.push({
      name: service,
      failure,
      reason: failure === undefined ? undefined : describeFailure(failure),
      containers,
      config: config === undefined ? undefined : redactService(config),
    });
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    project: name,
    command: input.command,
    exitStatus: input.exitStatus,
    error: input.error === undefined ? undefined : errorSummary(input.error, secrets),
    time: new Date().toISOString(),
    services,
  };
}

function errorSummary(err: unknown, secrets: readonly string[]): { code: string; message: string } {
  return {
    code: isComposeError(err) ? err.code : 'ERROR',
    message: mask(err instanceof Error ? err.message : JSON.stringify(err), secrets),
  };
}

/** The service whose container stopped first with a non-zero code. */
function firstFailed(byService: ReadonlyMap<string, readonly ContainerRunReport[]>): Set<string> {
  let first: { service: string; at: string } | undefined;
  for (const [service, containers] of byService) {
    for (const c of containers) {
      if (c.exitCode === 0 || c.finishedAt === undefined || c.state === 'running') continue;
      if (first === undefined || c.finishedAt < first.at) first = { service, at: c.finishedAt };
    }
  }
  return new Set(first === undefined ? [] : [first.service]);
}

/**
 * Why a service's containers say it failed: OOM-killed, a non-zero exit (one that a restart
 * policy is retrying too), unhealthy, or still not ready when a wait timed out.
 */
export function containerFailure(
  containers: readonly ContainerRunReport[],
  timedOut: boolean,
  config?: ServiceConfig,
): FailureReason | undefined {
  for (const c of containers) {
    if (c.oomKilled) return { kind: 'oom-killed', exitCode: c.exitCode };
  }
  for (const c of containers) {
    // The engine also marks unhealthy a container that ends before a probe passed: once it has
    // ended, only failed probes say it was its health check (a task Swarm replaced for it).
    const ended = c.state === 'exited' || c.state === 'dead';
    const last = c.health?.log.at(-1);
    const probed =
      (c.health?.failingStreak ?? 0) > 0 || (last !== undefined && last.exitCode !== 0);
    if (c.health?.status === 'unhealthy' && (!ended || probed)) return { kind: 'unhealthy' };
  }
  for (const c of containers) {
    const stopped = c.state === 'exited' || c.state === 'dead' || c.state === 'restarting';
    if (stopped && c.exitCode !== 0) return { kind: 'exited', exitCode: c.exitCode };
  }
  if (timedOut && config !== undefined) {
    for (const c of containers) {
      const starting =
        c.state === 'running' && c.health !== undefined && c.health.status !== 'healthy';
      if (starting || c.state === 'created' || c.state === 'restarting') {
        return { kind: 'not-ready' };
      }
    }
  }
  return undefined;
}

/** A service that never started because a dependency did not meet its `depends_on` condition. */
function dependencyFailure(
  project: Project,
  service: ServiceConfig,
  containers: readonly ContainerRunReport[],
  all: ReadonlyMap<string, readonly ContainerRunReport[]>,
): FailureReason | undefined {
  if (containers.length > 0 && containers.some((c) => c.state !== 'created')) return undefined;
  for (const [dep, d] of Object.entries(service.dependsOn ?? {})) {
    if (!Object.hasOwn(project.services, dep)) continue;
    const theirs = all.get(dep) ?? [];
    if (theirs.length === 0) continue;
    if (!conditionFailed(d.condition, theirs)) continue;
    return { kind: 'dependency', dependency: dep, condition: d.condition };
  }
  return undefined;
}

function conditionFailed(condition: string, containers: readonly ContainerRunReport[]): boolean {
  return containers.some((c) => {
    const stopped = c.state === 'exited' || c.state === 'dead';
    if (condition === 'service_completed_successfully') return stopped && c.exitCode !== 0;
    if (condition === 'service_healthy') {
      return c.health === undefined || c.health.status === 'unhealthy' || stopped;
    }
    return false;
  });
}

function containerReport(
  inspect: ContainerInspect,
  logTail: readonly string[],
  secrets: readonly string[],
): ContainerRunReport {
  const s = inspect.State;
  const health = s.Health;
  const time = (t: string): string | undefined =>
    t === '' || t.startsWith('0001-01-01') ? undefined : t;
  return {
    id: inspect.Id,
    name: inspect.Name.replace(/^\//, ''),
    state: s.Status,
    exitCode: s.ExitCode,
    oomKilled: s.OOMKilled,
    restartCount: inspect.RestartCount,
    startedAt: time(s.StartedAt),
    finishedAt: time(s.FinishedAt),
    error: s.Error === '' ? undefined : mask(s.Error, secrets),
    health:
      health === undefined
        ? undefined
        : {
            status: health.Status,
            failingStreak: health.FailingStreak,
            log: (health.Log ?? []).map((p) => ({
              start: p.Start,
              end: p.End,
              exitCode: p.ExitCode,
              output: mask(p.Output, secrets),
            })),
          },
    logTail: logTail.map((l) => mask(l, secrets)),
  };
}

/**
 * The last lines of a container's output, stdout and stderr interleaved in the order the engine
 * stamped them (its two copiers may store lines written together out of order).
 */
async function logTail(ctx: ComposeContext, id: string, tty: boolean): Promise<string[]> {
  try {
    const stream = await ctx.engine.containers.logs(id, {
      tail: REPORT_LOG_LINES,
      tty,
      timestamps: true,
    });
    const rest = { stdout: '', stderr: '' };
    const lines: { at: string; text: string }[] = [];
    const add = (line: string): void => {
      const space = line.indexOf(' ');
      lines.push({
        at: sortableTime(line.slice(0, space)),
        text: line.slice(space + 1).replace(/\r$/, ''),
      });
    };
    for await (const chunk of stream) {
      const text = rest[chunk.stream] + chunk.data.toString('utf8');
      const parts = text.split('\n');
      rest[chunk.stream] = parts.pop() ?? '';
      for (const p of parts) add(p);
    }
    for (const r of [rest.stdout, rest.stderr]) if (r !== '') add(r);
    // The sort is stable for equal stamps.
    lines.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    return lines.map((l) => l.text).slice(-REPORT_LOG_LINES);
  } catch {
    return [];
  }
}

/** An RFC 3339 time with its fraction padded to nine digits, so that such times compare as text. */
function sortableTime(stamp: string): string {
  return stamp.replace(
    /^([^.Z+]*)(?:\.(\d+))?/,
    (_m, base: string, frac: string | undefined) => `${base}.${(frac ?? '').padEnd(9, '0')}`,
  );
}

/**
 * The values that must never appear in a report: the content of the project's secrets that
 * come from the environment or inline, and of its services' environment variables (values of
 * four characters or more, so that `1` or `true` do not mask every number and flag).
 */
export function secretValues(project: Project): string[] {
  const out = new Set<string>();
  const add = (v: string | null | undefined): void => {
    if (typeof v === 'string' && v.length >= 4) out.add(v);
  };
  for (const s of Object.values(project.secrets)) {
    add(s.content);
    if (s.file !== undefined && s.external !== true) add(smallFile(s.file));
    if (s.environment !== undefined) add(project.environment[s.environment]);
  }
  for (const service of Object.values(project.services)) {
    for (const v of Object.values(service.environment ?? {})) add(v);
  }
  // Longest first, so that a value containing another is masked whole.
  return [...out].sort((a, b) => b.length - a.length);
}

/** A secret file's content when it is small enough to be a password or key (64 KiB). */
function smallFile(path: string): string | undefined {
  try {
    if (statSync(path).size > 65536) return undefined;
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** `text` with every occurrence of a secret value replaced by {@link REDACTED}. */
export function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * The service's configuration as the report shows it: environment values and build arguments
 * replaced by {@link REDACTED}; the keys stay so that a reader sees what was set.
 */
export function redactService(service: ServiceConfig): unknown {
  const redactValues = (m: Readonly<Record<string, unknown>> | undefined) =>
    m === undefined
      ? undefined
      : Object.fromEntries(Object.keys(m).map((k) => [k, m[k] === null ? null : REDACTED]));
  const copy: Record<string, unknown> = { ...service };
  if (service.environment !== undefined) copy.environment = redactValues(service.environment);
  if (service.build !== undefined) {
    copy.build = { ...service.build, args: redactValues(service.build.args) };
  }
  return JSON.parse(
    JSON.stringify(copy, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
  ) as unknown;
}
