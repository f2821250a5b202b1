// Observed state of a project: the containers, networks and volumes that carry its labels. Every
// verb starts from these lists; a container without a config hash is invisible to compose.
import type { Abortable, EngineClient } from '../engine/index.js';
import type {
  ContainerSummary as EngineContainer,
  NetworkInspect,
  Volume,
} from '../engine/index.js';
import { LABEL, labelFilter, projectContainerFilters } from './labels.js';
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

/** Name of a container as the engine lists it, without the leading `/`. */
export function containerNameOf(c: Pick<EngineContainer, 'Names' | 'Id'>): string {
  const first = c.Names.length > 0 ? c.Names[0] : c.Id.slice(0, 12);
  return first.startsWith('/') ? first.slice(1) : first;
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
