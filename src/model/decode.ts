import { FieldReader, isTreeDict, put } from './decode-reader.js';
import { decodeService } from './decode-service.js';
import type { Mapping } from './extensions.js';
import { ModelError } from './model-error.js';
import type { FileObjectConfig, NetworkConfig, Project, VolumeConfig } from './project.js';

/** What the loader knows about a project besides its model tree. */
export interface ProjectContext {
  /** @default the tree's `name`, else '' */
  readonly name?: string | undefined;
  /** @default '' */
  readonly workingDir?: string | undefined;
  readonly composeFiles?: readonly string[] | undefined;
  readonly environment?: Mapping | undefined;
  readonly profiles?: readonly string[] | undefined;
}

/** Key under which the loader passes a secret's value read from the environment. */
const SECRET_VALUE_KEY = 'x-#value';

/**
 * Turns the canonical model tree (what `docker compose config --format json` prints, before
 * sizes and durations are formatted) into the typed {@link Project}: sizes become bytes,
 * durations nanoseconds, `command` strings are split into words, `extra_hosts` lists grouped by
 * host, `x-*` keys collected into `extensions`. Keys absent from the tree are absent from the
 * result. All services are enabled; profiles are applied afterwards.
 * @throws ModelError naming the path of a value that cannot be converted
 *   (`'services[web].mem_limit' invalid size: 'abc'`).
 * @example decodeProject({ name: 'demo', services: { web: { image: 'nginx' } } })
 */
export function decodeProject(
  tree: Readonly<Record<string, unknown>>,
  context: ProjectContext = {},
): Project {
  const root = new FieldReader(tree, []);
  const name = context.name ?? root.str('name') ?? '';
  const services = root.record('services', decodeService) ?? {};
  const project: Project = {
    name,
    workingDir: context.workingDir ?? '',
    services,
    disabledServices: {},
    networks: root.record('networks', (n, key) => decodeNetwork(n, key)) ?? {},
    volumes: root.record('volumes', (v, key) => decodeVolume(v, key)) ?? {},
    secrets: root.record('secrets', (s, key) => decodeFileObject(s, key, true)) ?? {},
    configs: root.record('configs', (c, key) => decodeFileObject(c, key, false)) ?? {},
    models:
      root.record('models', (m) => ({
        name: m.str('name'),
        model: m.str('model'),
        contextSize: m.int('context_size'),
        runtimeFlags: m.strList('runtime_flags'),
        extensions: m.extensions(),
      })) ?? {},
    extensions: root.extensions() ?? {},
    composeFiles: context.composeFiles ?? [],
    environment: context.environment ?? {},
    profiles: context.profiles ?? [],
  };
  if (!isTreeDict(tree.services) && tree.services !== undefined && tree.services !== null) {
    throw new ModelError(['services'], 'expected a map');
  }
  return withoutUndefined(project);
}

function decodeNetwork(n: FieldReader, key: string): NetworkConfig {
  const ipam = n.child('ipam');
  return {
    name: n.str('name') ?? key,
    driver: n.str('driver'),
    driverOpts: n.mapping('driver_opts'),
    ipam: {
      driver: ipam?.str('driver'),
      config: ipam?.list('config', (p) => ({
        subnet: p.str('subnet'),
        gateway: p.str('gateway'),
        ipRange: p.str('ip_range'),
        auxAddresses: p.mapping('aux_addresses'),
        extensions: p.extensions(),
      })),
      options: ipam?.mapping('options'),
      extensions: ipam?.extensions(),
    },
    external: n.bool('external'),
    internal: n.bool('internal'),
    attachable: n.bool('attachable'),
    labels: n.mapping('labels'),
    enableIpv4: n.bool('enable_ipv4'),
    enableIpv6: n.bool('enable_ipv6'),
    extensions: n.extensions(),
  };
}

function decodeVolume(v: FieldReader, key: string): VolumeConfig {
  return {
    name: v.str('name') ?? key,
    driver: v.str('driver'),
    driverOpts: v.mapping('driver_opts'),
    external: v.bool('external'),
    labels: v.mapping('labels'),
    extensions: v.extensions(),
  };
}

function decodeFileObject(f: FieldReader, key: string, secret: boolean): FileObjectConfig {
  let extensions = f.extensions();
  let content = f.str('content');
  if (secret && extensions && Object.hasOwn(extensions, SECRET_VALUE_KEY)) {
    const { [SECRET_VALUE_KEY]: value, ...rest } = extensions;
    if (typeof value === 'string') content = value;
    extensions = Object.keys(rest).length > 0 ? rest : undefined;
  }
  return {
    name: f.str('name') ?? key,
    file: f.str('file'),
    environment: f.str('environment'),
    content,
    external: f.bool('external'),
    labels: f.mapping('labels'),
    driver: f.str('driver'),
    driverOpts: f.mapping('driver_opts'),
    templateDriver: f.str('template_driver'),
    extensions,
  };
}

/**
 * A copy of a decoded value without the properties whose value is undefined. Written with index
 * loops over `Object.keys` (no entry pairs, no closures): it visits every node of the project.
 */
function withoutUndefined<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const list: readonly unknown[] = value;
    const copy = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) copy[i] = withoutUndefined(list[i]);
    return copy as T;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = source[k];
    if (v !== undefined) put(out, k, withoutUndefined(v));
  }
  return out as T;
}
