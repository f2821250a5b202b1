// Observed state of a project: the containers, networks and volumes that carry its labels. Every
// verb starts from these lists; a container without a config hash is invisible to compose.
import type { Abortable, EngineClient } from '../engine/index.js';
import type {
  ContainerSummary as EngineContainer,
  NetworkInspect,
  Volume,
} from '../engine/index.js';
import { ComposeError } from '../api/errors.js';
import { resourceId, type ProgressStatus, type ResourceKind } from '../api/events.js';
import { dependencyGraph } from '../model/graph.js';
import type { NetworkConfig, Project, VolumeConfig } from '../model/project.js';
import type { ServiceDependency } from '../model/service-parts.js';
import type { ServiceConfig } from '../model/service.js';
import type { ComposeContext } from './context.js';
import { LABEL, labelFilter, parseDependsOnLabel, projectContainerFilters } from './labels.js';
import { numberFromName } from './naming.js';

/** Which of a project's containers {@link listProjectContainers} returns. */
export interface ListContainersOptions extends Abortable {
  /** Include stopped containers. @default false */
  readonly all?: boolean | undefined;
  /**
   * Only one-off (`run`) containers (`'only'`), only service containers (`'exclude'`), or both
   * (`'include'`). @default 'exclude'
   */
  readonly oneoff?: 'exclude' | 'include' | 'only' | undefined;
  /** Keep containers of these services only. @default every service */
  readonly services?: readonly string[] | undefined;
}

/**
 * Name of a container as the engine lists it, without the leading `/`. A linked container is
 * also listed under its link names (`/web-1/db`): the canonical name is the one with a single `/`.
 */
export function containerNameOf(c: Pick<EngineContainer, 'Names' | 'Id'>): string {
  if (c.Names.length === 0) return c.Id.slice(0, 12);
  const canonical = c.Names.find((n) => n.lastIndexOf('/') === 0) ?? c.Names[0];
  return canonical.startsWith('/') ? canonical.slice(1) : canonical;
}

/** Service of a container, from its label ('' when the label is missing). */
export function serviceOf(c: Pick<EngineContainer, 'Labels'>): string {
  return c.Labels?.[LABEL.service] ?? '';
}

/** True for a one-off (`run`) container. */
export function isOneoff(c: Pick<EngineContainer, 'Labels'>): boolean {
  return c.Labels?.[LABEL.oneoff] === 'True';
}

/**
 * Replica number of a container: the `container-number` label, else parsed from the name, else 0
 * (one-offs and containers named by hand).
 */
export function replicaNumber(c: Pick<EngineContainer, 'Labels' | 'Names' | 'Id'>): number {
  const label = c.Labels?.[LABEL.containerNumber];
  if (label !== undefined && /^\d+$/.test(label)) return Number(label);
  const project = c.Labels?.[LABEL.project] ?? '';
  return numberFromName(containerNameOf(c), project, serviceOf(c)) ?? 0;
}

/** Orders containers by service, then replica number, then name (a stable display order). */
export function compareContainers(a: EngineContainer, b: EngineContainer): number {
  const sa = serviceOf(a);
  const sb = serviceOf(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  const na = replicaNumber(a);
  const nb = replicaNumber(b);
  if (na !== nb) return na - nb;
  const ma = containerNameOf(a);
  const mb = containerNameOf(b);
  return ma < mb ? -1 : ma > mb ? 1 : 0;
}

/**
 * Lists the containers of a project: those labelled with the project name and carrying a config
 * hash, filtered by one-off flag and services, sorted by service and replica number.
 * @throws {EngineError} when the engine cannot be reached
 * @example await listProjectContainers(engine, 'demo', { all: true, services: ['web'] })
 */
export async function listProjectContainers(
  engine: EngineClient,
  project: string,
  options: ListContainersOptions = {},
): Promise<EngineContainer[]> {
  const oneoff = options.oneoff ?? 'exclude';
  const services = options.services ?? [];
  const label = projectContainerFilters(project, {
    oneoff: oneoff === 'include' ? undefined : oneoff === 'only',
    // The engine can filter by one service; several are filtered here.
    service: services.length === 1 ? services[0] : undefined,
  });
  const list = await engine.containers.list({
    all: options.all ?? false,
    filters: { label },
    signal: options.signal,
  });
  const wanted = services.length > 1 ? new Set(services) : undefined;
  return list
    .filter((c) => wanted === undefined || wanted.has(serviceOf(c)))
    .sort(compareContainers);
}

/**
 * Groups containers by service, keeping the order within each group.
 * @example byService(containers).get('web') // [web-1, web-2]
 */
export function byService(containers: readonly EngineContainer[]): Map<string, EngineContainer[]> {
  const out = new Map<string, EngineContainer[]>();
  for (const c of containers) {
    const service = serviceOf(c);
    const group = out.get(service);
    if (group === undefined) out.set(service, [c]);
    else group.push(c);
  }
  return out;
}

/**
 * Containers of services the project does not declare (removed from the file, or of a disabled
 * profile): compose calls these orphans.
 */
export function orphanContainers(
  containers: readonly EngineContainer[],
  declared: Iterable<string>,
): EngineContainer[] {
  const known = new Set(declared);
  return containers.filter((c) => !isOneoff(c) && !known.has(serviceOf(c)));
}

/**
 * Every container of the project that carries a config hash, one-off ones included, in the
 * engine's order: what `up`, `create` and `run` converge from.
 * @throws {EngineError} when the engine cannot be reached
 */
export function listEveryProjectContainer(
  engine: EngineClient,
  project: string,
  options: Abortable = {},
): Promise<EngineContainer[]> {
  return engine.containers.list({
    all: true,
    filters: { label: projectContainerFilters(project) },
    signal: options.signal,
  });
}

/** Networks labelled with the project name (including ones another tool created for it). */
export async function listProjectNetworks(
  engine: EngineClient,
  project: string,
  options: Abortable = {},
): Promise<NetworkInspect[]> {
  const list = await engine.networks.list({
    filters: { label: [labelFilter(LABEL.project, project)] },
    signal: options.signal,
  });
  // The engine's label filter matches prefixes of neither key nor value, but be exact anyway.
  return list.filter((n) => n.Labels?.[LABEL.project] === project);
}

/** Volumes labelled with the project name. */
export async function listProjectVolumes(
  engine: EngineClient,
  project: string,
  options: Abortable = {},
): Promise<Volume[]> {
  const list = await engine.volumes.list({
    filters: { label: [labelFilter(LABEL.project, project)] },
    signal: options.signal,
  });
  return list.Volumes.filter((v) => v.Labels?.[LABEL.project] === project);
}

/** Emits a progress event about a resource. */
export function emitEvent(
  ctx: Pick<ComposeContext, 'events'>,
  kind: ResourceKind,
  name: string,
  status: ProgressStatus,
  text: string,
  details?: string,
): void {
  ctx.events({ id: resourceId(kind, name), kind, name, status, text, details });
}

/**
 * The named services of a `down` of a project rebuilt from labels (no file): those that have
 * containers, as a typo and a service already removed look alike. `notRunning` is the message
 * for names given of which none has containers: then nothing is to be removed, not everything.
 */
export function labelledServices(
  project: Project,
  names: readonly string[],
): { named: string[]; notRunning?: string } {
  const named = names.filter((s) => Object.hasOwn(project.services, s));
  if (names.length === 0 || named.length > 0) return { named };
  return {
    named,
    notRunning: `Any of the services [${names.join(' ')}] not running in project "${project.name}"`,
  };
}

/** `services` plus every service that depends on them, directly or not. */
export function withDependents(
  project: Pick<Project, 'services'>,
  services: readonly string[],
  edge: (dependent: string, dependency: string) => boolean = () => true,
): string[] {
  const graph = dependencyGraph(project);
  const out = new Set<string>();
  const add = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    for (const d of graph.dependents.get(name) ?? []) if (edge(d, name)) add(d);
  };
  for (const s of services) add(s);
  return [...out];
}

/** `services` plus every service they depend on, directly or not. */
export function withDependencies(
  project: Pick<Project, 'services'>,
  services: readonly string[],
): string[] {
  const graph = dependencyGraph(project);
  const out = new Set<string>();
  const add = (name: string): void => {
    if (out.has(name)) return;
    out.add(name);
    for (const d of graph.dependencies.get(name) ?? []) add(d);
  };
  for (const s of services) add(s);
  return [...out];
}

/**
 * Checks that every name is a service of the project (enabled or disabled).
 * @throws {ComposeError} `USAGE` `no such service: x`
 */
export function checkServices(project: Project, services: readonly string[] | undefined): void {
  for (const s of services ?? []) {
    if (!Object.hasOwn(project.services, s) && !Object.hasOwn(project.disabledServices, s)) {
      throw new ComposeError('USAGE', `no such service: ${s}`);
    }
  }
}

/**
 * Rebuilds a project from the labels of its resources, for file-less verbs (`-p name down`):
 * the services (with image, replica count and `depends_on`) from the containers, the networks
 * and volumes from theirs. The working directory and files come from the first container.
 */
export async function projectFromLabels(
  engine: EngineClient,
  name: string,
  options: Abortable = {},
): Promise<Project> {
  return (await labelledProject(engine, name, options)).project;
}

/** A project rebuilt from the labels of what exists, with the lists it was rebuilt from. */
export interface LabelledProject {
  readonly project: Project;
  /** Every container of the project, one-off ones included, sorted as listProjectContainers sorts. */
  readonly containers: EngineContainer[];
  readonly networks: NetworkInspect[];
  readonly volumes: Volume[];
}

/** {@link projectFromLabels}, keeping the container, network and volume lists. */
export async function labelledProject(
  engine: EngineClient,
  name: string,
  options: Abortable = {},
): Promise<LabelledProject> {
  const [all, networks, volumes] = await Promise.all([
    listProjectContainers(engine, name, { all: true, oneoff: 'include', signal: options.signal }),
    listProjectNetworks(engine, name, options),
    listProjectVolumes(engine, name, options),
  ]);
  const containers = all.filter((c) => !isOneoff(c));
  const services: Record<string, ServiceConfig> = {};
  for (const [service, group] of byService(containers)) {
    const first = group[0];
    const dependsOn: Record<string, ServiceDependency> = {};
    for (const d of parseDependsOnLabel(first.Labels?.[LABEL.dependsOn])) {
      dependsOn[d.service] = { condition: d.condition, restart: d.restart, required: true };
    }
    services[service] = {
      name: service,
      image: first.Image,
      scale: group.length,
      dependsOn,
      command: null,
      entrypoint: null,
    };
  }
  const netConfigs: Record<string, NetworkConfig> = {};
  for (const n of networks) {
    netConfigs[n.Labels?.[LABEL.network] ?? n.Name] = { name: n.Name, ipam: {} };
  }
  const volConfigs: Record<string, VolumeConfig> = {};
  for (const v of volumes) {
    volConfigs[v.Labels?.[LABEL.volume] ?? v.Name] = { name: v.Name };
  }
  const labels: Partial<Record<string, string>> =
    containers.length > 0 ? (containers[0].Labels ?? {}) : {};
  const files = labels[LABEL.configFiles];
  const project: Project = {
    name,
    workingDir: labels[LABEL.workingDir] ?? '',
    services,
    disabledServices: {},
    networks: netConfigs,
    volumes: volConfigs,
    secrets: {},
    configs: {},
    models: {},
    extensions: {},
    composeFiles: files === undefined || files === '' ? [] : files.split(','),
    environment: {},
    profiles: [],
  };
  return { project, containers: all, networks, volumes };
}
