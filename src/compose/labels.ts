// The com.docker.compose.* labels: the interoperability contract with docker compose. Containers,
// networks and volumes carrying these are the ones compose (and flotilla) consider its own.

/** Label keys set or read by compose, by meaning. */
export const LABEL = {
  /** Project name, on every resource. */
  project: 'com.docker.compose.project',
  /** Service name, on service and one-off containers. */
  service: 'com.docker.compose.service',
  /** Replica number `1`, `2`, ...; absent on one-off containers. */
  containerNumber: 'com.docker.compose.container-number',
  /** `False` for service containers, `True` for `run` containers (capitalised). */
  oneoff: 'com.docker.compose.oneoff',
  /** 64 lower-case hex characters; a container without it is invisible to compose. */
  configHash: 'com.docker.compose.config-hash',
  /** Compose version without the leading `v`. */
  version: 'com.docker.compose.version',
  /** Absolute project directory. */
  workingDir: 'com.docker.compose.project.working_dir',
  /** Absolute compose file paths joined with `,`. */
  configFiles: 'com.docker.compose.project.config_files',
  /** Absolute env-file paths joined with `,`; only with `--env-file` / `COMPOSE_ENV_FILES`. */
  environmentFile: 'com.docker.compose.project.environment_file',
  /** `dep:condition:restart` entries joined with `,`; always present (`""` when none). */
  dependsOn: 'com.docker.compose.depends_on',
  /** Local image ID the container was created from (`sha256:...`). */
  image: 'com.docker.compose.image',
  /** On a container that replaced an older one: `<service>-<number>` or the container_name. */
  replace: 'com.docker.compose.replace',
  /** One-off containers only: a 64-hex random ID. */
  slug: 'com.docker.compose.slug',
  /** `target=digest` pairs for `type: image` volumes. */
  imageVolumeDigest: 'com.docker.compose.image-volume-digest',
  /** `pre_start` on ephemeral hook containers (which carry no config hash). */
  hook: 'com.docker.compose.hook',
  /** Read only, for an extra `ps` column; never set. */
  engine: 'com.docker.compose.engine',
  /** Network key in the compose file, on networks. */
  network: 'com.docker.compose.network',
  /** Volume key in the compose file, on volumes. */
  volume: 'com.docker.compose.volume',
  /** `classic` on images built with the classic builder. */
  imageBuilder: 'com.docker.compose.image.builder',
} as const;

/** One of the {@link LABEL} keys. */
export type ComposeLabel = (typeof LABEL)[keyof typeof LABEL];

/** Prefix shared by every compose label; user labels with it are overridden or ignored. */
export const COMPOSE_LABEL_PREFIX = 'com.docker.compose.';

/** Value of `com.docker.compose.oneoff`. Compose writes Go's capitalised booleans. */
export function oneoffValue(oneoff: boolean): 'True' | 'False' {
  return oneoff ? 'True' : 'False';
}

/** A `depends_on` entry as recorded in the `com.docker.compose.depends_on` label. */
export interface DependsOnLabelEntry {
  readonly service: string;
  /** `service_started`, `service_healthy` or `service_completed_successfully`. */
  readonly condition: string;
  readonly restart: boolean;
}

/**
 * Formats `com.docker.compose.depends_on`: `dep:condition:restart` joined with `,` (sorted by
 * service for a stable value; compose leaves the order unspecified).
 * @example dependsOnLabel([{ service: 'db', condition: 'service_healthy', restart: false }])
 *   // 'db:service_healthy:false'
 */
export function dependsOnLabel(entries: readonly DependsOnLabelEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
    .map((e) => `${e.service}:${e.condition}:${e.restart ? 'true' : 'false'}`)
    .join(',');
}

/**
 * Parses `com.docker.compose.depends_on` back into entries (for projects rebuilt from labels).
 * Entries with fewer fields take compose's defaults (`service_started`, restart false); empty
 * entries are skipped.
 */
export function parseDependsOnLabel(value: string | undefined): DependsOnLabelEntry[] {
  if (value === undefined || value.trim() === '') return [];
  const out: DependsOnLabelEntry[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const [service, condition = '', restart = ''] = item.split(':');
    out.push({
      service,
      condition: condition === '' ? 'service_started' : condition,
      restart: restart === 'true',
    });
  }
  return out;
}

/** Inputs of {@link containerLabels}. */
export interface ContainerLabelInput {
  readonly project: string;
  readonly service: string;
  /** Replica number; leave undefined for a one-off container. */
  readonly number?: number | undefined;
  readonly oneoff: boolean;
  readonly configHash: string;
  /** Compose version without a leading `v` (a leading `v` is dropped). */
  readonly version: string;
  readonly workingDir: string;
  readonly configFiles: readonly string[];
  /** Only when `--env-file` / `COMPOSE_ENV_FILES` were used. */
  readonly environmentFiles?: readonly string[] | undefined;
  readonly dependsOn: readonly DependsOnLabelEntry[];
  /** Local image ID, when the image exists locally (or was pulled or built). */
  readonly imageId?: string | undefined;
  /** `<service>-<number>` or the container_name of the container this one replaces. */
  readonly replace?: string | undefined;
  /** One-off containers: the 64-hex slug. */
  readonly slug?: string | undefined;
  /** The service's own `labels:` (merged underneath; compose labels win). */
  readonly userLabels?: Readonly<Record<string, string>> | undefined;
}

/**
 * The full label set of a service or one-off container, as docker compose writes it: user labels
 * first, then every compose label on top.
 */
export function containerLabels(input: ContainerLabelInput): Record<string, string> {
  const labels: Record<string, string> = { ...input.userLabels };
  labels[LABEL.project] = input.project;
  labels[LABEL.service] = input.service;
  labels[LABEL.oneoff] = oneoffValue(input.oneoff);
  if (!input.oneoff && input.number !== undefined) {
    labels[LABEL.containerNumber] = String(input.number);
  }
  labels[LABEL.configHash] = input.configHash;
  labels[LABEL.version] = versionValue(input.version);
  labels[LABEL.workingDir] = input.workingDir;
  labels[LABEL.configFiles] = input.configFiles.join(',');
  if (input.environmentFiles !== undefined && input.environmentFiles.length > 0) {
    labels[LABEL.environmentFile] = input.environmentFiles.join(',');
  }
  labels[LABEL.dependsOn] = dependsOnLabel(input.dependsOn);
  if (input.imageId !== undefined) labels[LABEL.image] = input.imageId;
  if (input.replace !== undefined) labels[LABEL.replace] = input.replace;
  if (input.oneoff && input.slug !== undefined) labels[LABEL.slug] = input.slug;
  return labels;
}

/** Labels of a network or volume compose creates (`kind` picks the key label). */
export function resourceLabels(input: {
  readonly kind: 'network' | 'volume';
  readonly project: string;
  /** The key in the compose file. */
  readonly key: string;
  readonly version: string;
  readonly configHash?: string | undefined;
  readonly userLabels?: Readonly<Record<string, string>> | undefined;
}): Record<string, string> {
  const labels: Record<string, string> = { ...input.userLabels };
  labels[input.kind === 'network' ? LABEL.network : LABEL.volume] = input.key;
  labels[LABEL.project] = input.project;
  labels[LABEL.version] = versionValue(input.version);
  if (input.configHash !== undefined) labels[LABEL.configHash] = input.configHash;
  return labels;
}

/** `key=value` (or `key` alone for presence) label filter for engine list calls. */
export function labelFilter(key: string, value?: string): string {
  return value === undefined ? key : `${key}=${value}`;
}

/** Which of a project's containers a list should return. */
export interface ProjectFilterOptions {
  /** Only one-offs (`true`), only service containers (`false`), or both (undefined). */
  readonly oneoff?: boolean | undefined;
  /** Restrict to one service (compose does so when exactly one service is targeted). */
  readonly service?: string | undefined;
}

/**
 * The `label` filters compose lists a project's containers with: the project, the presence of
 * the config hash, and optionally the one-off flag and a service.
 * @example { label: projectContainerFilters('demo', { oneoff: false }) }
 */
export function projectContainerFilters(
  project: string,
  options: ProjectFilterOptions = {},
): string[] {
  const filters = [labelFilter(LABEL.project, project), labelFilter(LABEL.configHash)];
  if (options.oneoff !== undefined)
    filters.push(labelFilter(LABEL.oneoff, oneoffValue(options.oneoff)));
  if (options.service !== undefined) filters.push(labelFilter(LABEL.service, options.service));
  return filters;
}

/** Drops the `com.docker.compose.*` labels (for `events` output and user-label comparisons). */
export function withoutComposeLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (labels == null) return out;
  for (const [k, v] of Object.entries(labels)) {
    if (!k.startsWith(COMPOSE_LABEL_PREFIX)) out[k] = v;
  }
  return out;
}

function versionValue(version: string): string {
  return version.startsWith('v') ? version.slice(1) : version;
}
