// `ps`: the project's containers as summaries.
import type { ContainerSummary, PortPublisher, PsOptions } from '../api/compose.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { LABEL } from './labels.js';
import {
  checkServices,
  containerNameOf,
  listProjectContainers,
  serviceOf,
  type ListContainersOptions,
} from './project-containers.js';

/**
 * Lists the project's containers, sorted by service and replica: running ones, or with `all`
 * every one including one-offs; `status` keeps the containers in those states (and then looks at
 * stopped ones too). With `orphans: false`, containers of services the project does not declare
 * are left out. Health and exit code are read from the engine's status text, so the whole
 * listing costs one engine call.
 * @throws {ComposeError} `USAGE` for an unknown service of a loaded project
 */
export async function ps(
  ctx: ComposeContext,
  projectOrName: Project | string,
  options: PsOptions = {},
): Promise<ContainerSummary[]> {
  const name = typeof projectOrName === 'string' ? projectOrName : projectOrName.name;
  if (typeof projectOrName !== 'string') checkServices(projectOrName, options.services);
  const status = options.status ?? [];
  const containers = await listProjectContainers(ctx.engine, name, listOptions(options));
  let kept = containers;
  if (status.length > 0) kept = kept.filter((c) => status.includes(c.State));
  if (options.orphans === false && typeof projectOrName !== 'string') {
    const known = new Set([
      ...Object.keys(projectOrName.services),
      ...Object.keys(projectOrName.disabledServices),
    ]);
    kept = kept.filter((c) => known.has(serviceOf(c)));
  }
  return kept.map(toSummary);
}

/** The list `ps` makes: stopped containers too with `all` or a status filter. */
function listOptions(options: PsOptions): ListContainersOptions {
  return {
    all: options.all === true || (options.status ?? []).length > 0,
    oneoff: options.all === true ? 'include' : 'exclude',
    services: options.services,
    signal: options.signal,
  };
}

/** Converts an engine list item into the summary `ps` reports. */
export function toSummary(c: EngineContainer): ContainerSummary {
  const labels = c.Labels ?? {};
  return {
    id: c.Id,
    name: containerNameOf(c),
    image: c.Image,
    command: c.Command,
    project: labels[LABEL.project] ?? '',
    service: serviceOf(c),
    created: c.Created,
    state: c.State,
    status: c.Status,
    health: healthFromStatus(c.Status),
    exitCode: c.State === 'exited' || c.State === 'dead' ? exitCodeFromStatus(c.Status) : 0,
    publishers: publishers(c),
    labels,
    networks: Object.keys(c.NetworkSettings.Networks ?? {}).sort(),
    mounts: c.Mounts.map((m) => m.Name ?? m.Source),
    localVolumes: c.Mounts.filter((m) => m.Type === 'volume' && m.Driver === 'local').length,
  };
}

/** `healthy`, `unhealthy`, `starting` or '' from `Up 3 seconds (health: starting)`. */
export function healthFromStatus(status: string): string {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (m === null) return '';
  return m[1] === 'health: starting' ? 'starting' : m[1];
}

/** The exit code in `Exited (3) 2 seconds ago`, else 0. */
export function exitCodeFromStatus(status: string): number {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m === null ? 0 : Number(m[1]);
}

function publishers(c: EngineContainer): PortPublisher[] {
  return c.Ports.map((p) => ({
    url: p.IP ?? '',
    targetPort: p.PrivatePort,
    publishedPort: p.PublicPort ?? 0,
    protocol: p.Type,
  })).sort(
    (a, b) =>
      a.targetPort - b.targetPort ||
      (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) ||
      (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
  );
}
