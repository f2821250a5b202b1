/**
 * The one-per-line listings and tables of `flotilla config` (`--services`, `--images`,
 * `--profiles`, `--variables`, ...), computed from the loaded model tree as docker compose
 * computes them from its project.
 */
import type { TemplateVariable } from '../loader/interpolation/variables.js';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The services of a model tree, by name. */
export function servicesOf(model: Dict): Dict {
  return isDict(model.services) ? model.services : {};
}

/** Sorted keys of a top-level section (`volumes`, `networks`, ...). */
export function sectionKeys(model: Dict, section: string): string[] {
  const node = model[section];
  return isDict(node) ? Object.keys(node).sort(byName) : [];
}

/**
 * Service names as `config --services` lists them: by name, each one after the services it
 * depends on (compose's `ForEachService` walk).
 */
export function servicesInDependencyOrder(model: Dict): string[] {
  const services = servicesOf(model);
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (name: string): void => {
    if (seen.has(name) || !Object.hasOwn(services, name)) return;
    seen.add(name);
    const service = services[name];
    const deps = isDict(service) && isDict(service.depends_on) ? service.depends_on : {};
    for (const dep of Object.keys(deps).sort(byName)) visit(dep);
    out.push(name);
  };
  for (const name of Object.keys(services).sort(byName)) visit(name);
  return out;
}

/**
 * The images `config --images` lists: each service's `image` (or `<project>-<service>` for a
 * service that is only built), then its `pre_start` hook images that differ from it.
 */
export function imagesOf(model: Dict, projectName: string, separator = '-'): string[] {
  const services = servicesOf(model);
  const out: string[] = [];
  for (const name of Object.keys(services).sort(byName)) {
    const service = services[name];
    if (!isDict(service)) continue;
    const image =
      typeof service.image === 'string' && service.image !== ''
        ? service.image
        : `${projectName}${separator}${name}`;
    out.push(image);
    const hooks = Array.isArray(service.pre_start) ? (service.pre_start as unknown[]) : [];
    for (const hook of hooks) {
      if (
        isDict(hook) &&
        typeof hook.image === 'string' &&
        hook.image !== '' &&
        hook.image !== image
      ) {
        out.push(hook.image);
      }
    }
  }
  return out;
}

/** Every profile named by the given services, sorted and without repeats. */
export function profilesOf(
  services: Iterable<{ readonly profiles?: readonly string[] | undefined }>,
): string[] {
  const set = new Set<string>();
  for (const s of services) for (const p of s.profiles ?? []) set.add(p);
  return [...set].sort(byName);
}

/**
 * Go's text/tabwriter as docker compose configures it for its tables (minimum width 20,
 * padding 3, spaces): every cell but the last of a line is padded to its column's width.
 */
export function tabTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 20, Array.from(cell).length + 3);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - Array.from(cell).length),
        )
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** The `config --variables` table: NAME, REQUIRED, DEFAULT VALUE, ALTERNATE VALUE. */
export function variablesTable(variables: ReadonlyMap<string, TemplateVariable>): string {
  const rows: string[][] = [['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE']];
  for (const [name, v] of variables) {
    rows.push([name, String(v.required), v.defaultValue, v.alternateValue]);
  }
  return tabTable(rows);
}

/**
 * Checks service platforms against `build.platforms` as docker compose does before hashing, and
 * returns each service's platform (`DOCKER_DEFAULT_PLATFORM` for built services without one).
 * @throws Error naming the service whose build cannot produce its platform
 */
export function applyDefaultPlatform(
  service: Dict,
  name: string,
  defaultPlatform: string | undefined,
): Dict {
  const build = service.build;
  if (!isDict(build)) return service;
  const platforms = Array.isArray(build.platforms) ? (build.platforms as unknown[]) : [];
  let platform = typeof service.platform === 'string' ? service.platform : '';
  if (defaultPlatform && platform === '') {
    if (platforms.length > 0 && !platforms.includes(defaultPlatform)) {
      throw new Error(
        `service ${JSON.stringify(name)} build.platforms does not support value set by DOCKER_DEFAULT_PLATFORM: ${defaultPlatform}`,
      );
    }
    platform = defaultPlatform;
  }
  if (platform !== '' && platforms.length > 0 && !platforms.includes(platform)) {
    throw new Error(
      `service ${JSON.stringify(name)} build configuration does not support platform: ${platform}`,
    );
  }
  return platform === '' ? service : { ...service, platform };
}

/** Go's `filepath.Match` for service name patterns (`*`, `?`, `[...]`; no separators in names). */
export function matchesPattern(pattern: string, name: string): boolean {
  if (!/[*?[\\]/.test(pattern)) return pattern === name;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      // Go negates a class with `^`, as regular expressions do.
      re += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}
