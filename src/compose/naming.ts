// Names compose gives to containers, networks, volumes and built images.

/** Separator between project, service and number in container names. */
export type NameSeparator = '-' | '_';

/**
 * The separator in use: `_` in compatibility mode (`--compatibility` or
 * `COMPOSE_COMPATIBILITY=true`), else `-`.
 */
export function nameSeparator(compatibility: boolean): NameSeparator {
  return compatibility ? '_' : '-';
}

/**
 * Name of a service container: `container_name` when set, else `<project><sep><service><sep><n>`.
 * @example containerName('demo', 'web', 1) // 'demo-web-1'
 */
export function containerName(
  project: string,
  service: string,
  number: number,
  options: { separator?: NameSeparator; containerName?: string | undefined } = {},
): string {
  if (options.containerName !== undefined && options.containerName !== '') {
    return options.containerName;
  }
  const sep = options.separator ?? '-';
  return `${project}${sep}${service}${sep}${number}`;
}

/**
 * Name of a one-off (`run`) container: `--name` when given, else
 * `<project>-<service>-run-<first 12 hex of the slug>` (always `-`).
 */
export function oneoffContainerName(
  project: string,
  service: string,
  slug: string,
  name?: string,
): string {
  if (name !== undefined && name !== '') return name;
  return `${project}-${service}-run-${slug.slice(0, 12)}`;
}

/**
 * Temporary name of the replacement container during a recreate: the first 12 characters of
 * the old container's ID, `_`, then the final name.
 */
export function recreateTemporaryName(oldContainerId: string, finalName: string): string {
  return `${oldContainerId.slice(0, 12)}_${finalName}`;
}

/** Whether `name` is the temporary name of a replacement for the container named `finalName`. */
export function isTemporaryName(name: string, finalName: string): boolean {
  return (
    name.length === finalName.length + 13 && /^[0-9a-f]{12}_/.test(name) && name.endsWith(finalName)
  );
}

/**
 * Engine name of a network: `name:` when set, else `<project>_<key>` (always `_`, even in
 * compatibility mode). External networks use `name:` or the key.
 */
export function networkName(
  project: string,
  key: string,
  options: { name?: string | undefined; external?: boolean } = {},
): string {
  return resourceName(project, key, options);
}

/** Engine name of a volume: `name:` when set, else `<project>_<key>`; external: `name:` or key. */
export function volumeName(
  project: string,
  key: string,
  options: { name?: string | undefined; external?: boolean } = {},
): string {
  return resourceName(project, key, options);
}

/** Default tag of an image built for a service without `image:`: `<project><sep><service>`. */
export function defaultImageName(
  project: string,
  service: string,
  separator: NameSeparator = '-',
): string {
  return `${project}${separator}${service}`;
}

/**
 * Name shown in log prefixes and "Attaching to": the container name without the leading
 * `<project>-` (or `_`), or the full custom name.
 * @example displayName('demo-web-1', 'demo') // 'web-1'
 */
export function displayName(name: string, project: string): string {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  for (const sep of ['-', '_']) {
    const prefix = project + sep;
    if (bare.startsWith(prefix) && bare.length > prefix.length) return bare.slice(prefix.length);
  }
  return bare;
}

/**
 * Replica number from a container name `<project><sep><service><sep><n>`, or undefined when the
 * name does not follow the pattern (custom names). The label is authoritative; this is a fallback.
 */
export function numberFromName(name: string, project: string, service: string): number | undefined {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  for (const sep of ['-', '_']) {
    const prefix = `${project}${sep}${service}${sep}`;
    if (bare.startsWith(prefix)) {
      const rest = bare.slice(prefix.length);
      if (/^[1-9]\d*$/.test(rest)) return Number(rest);
    }
  }
  return undefined;
}

function resourceName(
  project: string,
  key: string,
  options: { name?: string | undefined; external?: boolean },
): string {
  if (options.name !== undefined && options.name !== '') return options.name;
  if (options.external === true) return key;
  return `${project}_${key}`;
}
