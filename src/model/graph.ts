import type { Project } from './project.js';

/** Services in dependency order and the edges between them. */
export interface DependencyGraph {
  /** For each enabled service, the enabled services it depends on (sorted by name). */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** For each enabled service, the enabled services that depend on it (sorted by name). */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

/**
 * The `depends_on` graph of the enabled services. Dependencies on services that are not enabled
 * are left out (the consistency check has already rejected the required ones).
 */
export function dependencyGraph(project: Pick<Project, 'services'>): DependencyGraph {
  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  const names = Object.keys(project.services).sort(compareNames);
  for (const name of names) {
    dependencies.set(name, []);
    dependents.set(name, []);
  }
  for (const name of names) {
    const dependsOn = project.services[name].dependsOn ?? {};
    for (const dep of Object.keys(dependsOn).sort(compareNames)) {
      if (!dependencies.has(dep)) continue;
      dependencies.get(name)!.push(dep);
      dependents.get(dep)!.push(name);
    }
  }
  return { dependencies, dependents };
}

/**
 * The first `depends_on` cycle, searched as compose-go does (services and their dependencies
 * in name order), as the list of services from the first to the repeated one:
 * `['a', 'b', 'a']`; undefined when there is none.
 */
export function findDependencyCycle(project: Pick<Project, 'services'>): string[] | undefined {
  return findCycle(dependencyGraph(project).dependencies);
}

/**
 * The first cycle of a graph given as each node's successors, searched in the order of the map
 * and of each node's list: `['a', 'b', 'a']`; undefined when there is none.
 */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const search = (path: string[]): string[] | undefined => {
    const last = path[path.length - 1];
    if (done.has(last)) return undefined;
    for (const child of edges.get(last) ?? []) {
      const at = path.indexOf(child);
      if (at >= 0) return [...path.slice(at), child];
      const found = search([...path, child]);
      if (found) return found;
    }
    done.add(last);
    return undefined;
  };
  for (const name of edges.keys()) {
    const found = search([name]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Services that depend on each other in a circle cannot be ordered. The model layer may not
 * import `ComposeError`; the orchestration converts this error (code `CONSISTENCY`), and the
 * loader rejects such a project before anything is ordered.
 */
export class DependencyCycleError extends Error {
  override readonly name = 'DependencyCycleError';
  /** The services from the first to the repeated one: `['a', 'b', 'a']`. */
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super(`dependency cycle detected: ${cycle.join(' -> ')}`);
    this.cycle = cycle;
  }
}

/**
 * Checks that the graph has no cycle.
 * @throws DependencyCycleError naming the first cycle ({@link findCycle})
 */
export function assertAcyclic(edges: ReadonlyMap<string, readonly string[]>): void {
  const cycle = findCycle(edges);
  if (cycle) throw new DependencyCycleError(cycle);
}

/**
 * The enabled services, dependencies before the services that depend on them; among services
 * whose order does not matter, by name. Use it to create or start services one at a time.
 * @throws DependencyCycleError `dependency cycle detected: a -> b -> a` when the graph has one.
 * @example dependencyOrder(project) // ['db', 'cache', 'web']
 */
export function dependencyOrder(project: Pick<Project, 'services'>): string[] {
  return order(dependencyGraph(project), false);
}

/**
 * The enabled services, dependents before their dependencies: the order to stop or remove them.
 * @throws DependencyCycleError when the graph has a cycle.
 */
export function reverseDependencyOrder(project: Pick<Project, 'services'>): string[] {
  return order(dependencyGraph(project), true);
}

/**
 * The services to process in successive rounds: every service of a round only depends on
 * services of earlier rounds, so the services of one round can be handled in parallel.
 * @param reverse dependents first (for stopping)
 * @throws DependencyCycleError when the graph has a cycle.
 */
export function dependencyLevels(project: Pick<Project, 'services'>, reverse = false): string[][] {
  const graph = dependencyGraph(project);
  const edges = reverse ? graph.dependents : graph.dependencies;
  assertAcyclic(graph.dependencies);
  const level = new Map<string, number>();
  const levelOf = (name: string): number => {
    const known = level.get(name);
    if (known !== undefined) return known;
    let value = 0;
    for (const dep of edges.get(name) ?? []) value = Math.max(value, levelOf(dep) + 1);
    level.set(name, value);
    return value;
  };
  const levels: string[][] = [];
  for (const name of edges.keys()) (levels[levelOf(name)] ??= []).push(name);
  return levels;
}

function order(graph: DependencyGraph, reverse: boolean): string[] {
  assertAcyclic(graph.dependencies);
  const edges = reverse ? graph.dependents : graph.dependencies;
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of edges.get(name) ?? []) visit(dep);
    out.push(name);
  };
  for (const name of edges.keys()) visit(name);
  return out;
}

/** Go's string order (bytes), which compose-go uses to sort service names. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
