// The typed model back in the shape of the canonical model tree (`config --format json` keys),
// so that the config hash of a service can be computed from a typed Project exactly as from the
// loader's tree.
import { STRUCTS } from '../model/compose-types.js';
import type { ServiceConfig } from '../model/service.js';
import { serviceHash } from '../model/service-hash.js';

type Dict = Record<string, unknown>;

/** Tree keys whose typed property name is not the plain camelCase of the key. */
const PROPERTY_NAMES: Readonly<Record<string, string>> = {
  cpuset: 'cpuSet',
  dns_opt: 'dnsOpts',
  domainname: 'domainName',
  env_file: 'envFiles',
  label_file: 'labelFiles',
  memswap_limit: 'memSwapLimit',
  nocopy: 'noCopy',
  gw_priority: 'gatewayPriority',
  endpoint_var: 'endpointVariable',
  model_var: 'modelVariable',
  Path: 'path',
  Weight: 'weight',
  Rate: 'rate',
};

function propertyName(key: string): string {
  return PROPERTY_NAMES[key] ?? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function convert(value: unknown, type: string): unknown {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (type.startsWith('*')) return convert(value, type.slice(1));
  if (type.startsWith('[]')) {
    const item = type.slice(2);
    return Array.isArray(value) ? value.map((v) => convert(v, item)) : value;
  }
  if (type.startsWith('{}')) {
    const item = type.slice(2);
    if (!isDict(value)) return value;
    const out: Dict = {};
    for (const [k, v] of Object.entries(value)) out[k] = convert(v, item);
    return out;
  }
  switch (type) {
    case 'dur':
      // Durations are nanoseconds in the typed model; the tree holds Go duration text.
      return typeof value === 'number' ? `${Math.round(value)}ns` : value;
    case 'ulimit': {
      if (!isDict(value)) return value;
      if (typeof value.single === 'number') return value.single;
      const out: Dict = {};
      if (value.soft !== undefined) out.soft = value.soft;
      if (value.hard !== undefined) out.hard = value.hard;
      return out;
    }
    case 'ssh':
      if (!Array.isArray(value)) return value;
      return (value as { id: string; path?: string }[]).map((k) =>
        k.path === undefined ? k.id : `${k.id}=${k.path}`,
      );
    default:
      if (/^[A-Z]/.test(type) && Object.hasOwn(STRUCTS, type)) return structTree(value, type);
      return value;
  }
}

/**
 * A typed model value (a network, a volume, a service part) as a node of the canonical model
 * tree, following the layout of the compose-go struct `struct` (a key of STRUCTS).
 */
export function modelTree(value: unknown, struct: string): Dict {
  const out = structTree(value, struct);
  return isDict(out) ? out : {};
}

interface TreeField {
  readonly key: string;
  readonly type: string;
}

// Each struct's fields by typed property name, worked out once.
const treeFields = new Map<string, ReadonlyMap<string, TreeField>>();

function fieldsOf(struct: string): ReadonlyMap<string, TreeField> {
  let fields = treeFields.get(struct);
  if (fields === undefined) {
    fields = new Map(
      STRUCTS[struct].map((f) => [propertyName(f.key), { key: f.key, type: f.type }]),
    );
    treeFields.set(struct, fields);
  }
  return fields;
}

// The tree's key order does not matter: it is decoded again as the Go struct, in field order.
// So only the properties a value has are visited (a service sets a handful of ~150 fields).
function structTree(value: unknown, struct: string): unknown {
  if (!isDict(value)) return value;
  const out: Dict = {};
  const fields = fieldsOf(struct);
  for (const property of Object.keys(value)) {
    const field = fields.get(property);
    if (field === undefined) continue;
    const raw = value[property];
    if (raw === undefined) continue;
    const v = convert(raw, field.type);
    if (v !== undefined) out[field.key] = v;
  }
  const extensions = value.extensions;
  if (isDict(extensions)) {
    for (const [k, v] of Object.entries(extensions)) if (k.startsWith('x-')) out[k] = v;
  }
  return out;
}

/**
 * A typed service as a node of the canonical model tree (snake_case keys, durations as Go
 * duration text), the input {@link serviceHash} expects.
 */
export function serviceTree(service: ServiceConfig): Dict {
  return structTree(service, 'Service') as Dict;
}

/**
 * The `com.docker.compose.config-hash` of a service as containers are created from it:
 * `env_file` and `label_file` (already merged into `environment` and `labels`) are dropped, as
 * docker compose discards them when it loads, and the default platform
 * (`DOCKER_DEFAULT_PLATFORM`) applies to services that build, as docker compose does.
 * @example configHash(project.services.web)
 */
export function configHash(service: ServiceConfig, defaultPlatform?: string): string {
  return serviceHash(configHashInput(service, defaultPlatform), service.name);
}

/**
 * The tree {@link configHash} hashes: the service without `env_file` and `label_file`, with the default
 * platform applied to services that build.
 */
export function configHashInput(service: ServiceConfig, defaultPlatform?: string): Dict {
  const tree = serviceTree(service);
  delete tree.env_file;
  delete tree.label_file;
  if (
    defaultPlatform !== undefined &&
    defaultPlatform !== '' &&
    service.build !== undefined &&
    (service.platform ?? '') === ''
  ) {
    tree.platform = defaultPlatform;
  }
  return tree;
}
