import { ComposeError } from '../api/errors.js';
import { goTypeName } from './go-format.js';
import { parseVolumeSpec } from './transform/index.js';
import { formatPath, isDict, matchPath, type Dict, type Path } from './tree.js';

/**
 * Some attributes are sequences whose items must be unique by a key (a volume by its target,
 * an environment entry by its name, ...). After a merge appended an override's items, a later
 * item replaces the earlier one with the same key, in the earlier one's position.
 */
type Indexer = (item: unknown, path: Path) => string;

const UNIQUE: readonly (readonly [readonly string[], Indexer])[] = [
  [['networks', '*', 'labels'], keyValueIndex],
  [['networks', '*', 'ipam', 'options'], keyValueIndex],
  [['services', '*', 'annotations'], keyValueIndex],
  [['services', '*', 'build', 'args'], keyValueIndex],
  [['services', '*', 'build', 'additional_contexts'], keyValueIndex],
  [['services', '*', 'build', 'platform'], keyValueIndex],
  [['services', '*', 'build', 'tags'], keyValueIndex],
  [['services', '*', 'build', 'labels'], keyValueIndex],
  [['services', '*', 'cap_add'], keyValueIndex],
  [['services', '*', 'cap_drop'], keyValueIndex],
  [['services', '*', 'configs'], mountIndex('')],
  [['services', '*', 'deploy', 'labels'], keyValueIndex],
  [['services', '*', 'dns'], keyValueIndex],
  [['services', '*', 'dns_opt'], keyValueIndex],
  [['services', '*', 'dns_search'], keyValueIndex],
  [['services', '*', 'environment'], keyValueIndex],
  [['services', '*', 'env_file'], envFileIndex],
  [['services', '*', 'expose'], exposeIndex],
  [['services', '*', 'labels'], keyValueIndex],
  [['services', '*', 'links'], keyValueIndex],
  [['services', '*', 'networks', '*', 'aliases'], keyValueIndex],
  [['services', '*', 'networks', '*', 'link_local_ips'], keyValueIndex],
  [['services', '*', 'ports'], portIndex],
  [['services', '*', 'profiles'], keyValueIndex],
  [['services', '*', 'secrets'], mountIndex('/run/secrets')],
  [['services', '*', 'sysctls'], keyValueIndex],
  [['services', '*', 'tmpfs'], keyValueIndex],
  [['services', '*', 'volumes'], volumeIndex],
  [['services', '*', 'devices'], deviceIndex],
];

/**
 * Removes redefinitions from the sequences listed above; the tree is modified in place.
 * @throws ComposeError('SCHEMA') when an item lacks the attribute it is identified by.
 */
export function enforceUnicity(tree: Dict): Dict {
  walk(tree, []);
  return tree;
}

function walk(node: unknown, path: Path): unknown {
  if (isDict(node)) {
    for (const key of Object.keys(node)) node[key] = walk(node[key], [...path, key]);
    return node;
  }
  if (Array.isArray(node)) {
    for (const [pattern, indexer] of UNIQUE) {
      if (!matchPath(path, pattern)) continue;
      const out: unknown[] = [];
      const seen = new Map<string, number>();
      node.forEach((item: unknown, i) => {
        const key = indexer(item, [...path, i]);
        const at = seen.get(key);
        if (at !== undefined) out[at] = item;
        else {
          seen.set(key, out.length);
          out.push(item);
        }
      });
      return out;
    }
  }
  return node;
}

function fail(path: Path, message: string): never {
  throw new ComposeError('SCHEMA', `${formatPath(path)}: ${message}`, { path: formatPath(path) });
}

function keyValueIndex(item: unknown, path: Path): string {
  if (typeof item !== 'string') fail(path, `unexpected type ${goTypeName(item)}`);
  const eq = item.indexOf('=');
  return eq >= 0 ? item.slice(0, eq) : item;
}

function volumeIndex(item: unknown, path: Path): string {
  if (isDict(item)) {
    if (typeof item.target !== 'string') {
      throw new ComposeError(
        'SCHEMA',
        `service volume ${formatPath(path)} is missing a mount target`,
        { path: formatPath(path) },
      );
    }
    return item.target;
  }
  if (typeof item === 'string') {
    const target = parseVolumeSpec(item, path).target;
    return typeof target === 'string' ? target : '';
  }
  return '';
}

function deviceIndex(item: unknown, path: Path): string {
  if (isDict(item)) {
    if (typeof item.target !== 'string') {
      throw new ComposeError(
        'SCHEMA',
        `service device ${formatPath(path)} is missing a mount target`,
        { path: formatPath(path) },
      );
    }
    return item.target;
  }
  if (typeof item === 'string') {
    const parts = item.split(':');
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return '';
}

function exposeIndex(item: unknown, path: Path): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' && Number.isInteger(item)) return String(item);
  fail(path, `unsupported expose value ${String(item)}`);
}

function mountIndex(defaultDir: string): Indexer {
  return (item, path) => {
    if (typeof item === 'string') return `${defaultDir}/${item}`;
    if (isDict(item)) {
      if (Object.hasOwn(item, 'target')) return String(item.target);
      return `${defaultDir}/${String(item.source)}`;
    }
    fail(path, `unsupported expose value ${String(item)}`);
  };
}

function portIndex(item: unknown, path: Path): string {
  if (typeof item === 'number' && Number.isInteger(item)) return String(item);
  if (typeof item === 'string') return item;
  if (isDict(item)) {
    if (!Object.hasOwn(item, 'target')) {
      throw new ComposeError(
        'SCHEMA',
        `service ports ${formatPath(path)} is missing a target port`,
        { path: formatPath(path) },
      );
    }
    const published = Object.hasOwn(item, 'published') ? String(item.published) : '<nil>';
    const host = Object.hasOwn(item, 'host_ip') ? String(item.host_ip) : '0.0.0.0';
    const protocol = Object.hasOwn(item, 'protocol') ? String(item.protocol) : 'tcp';
    return `${host}:${published}:${String(item.target)}/${protocol}`;
  }
  return '';
}

function envFileIndex(item: unknown, path: Path): string {
  if (typeof item === 'string') return item;
  if (isDict(item)) {
    if (Object.hasOwn(item, 'path')) return String(item.path);
    throw new ComposeError('SCHEMA', `environment path attribute ${formatPath(path)} is missing`, {
      path: formatPath(path),
    });
  }
  return '';
}
