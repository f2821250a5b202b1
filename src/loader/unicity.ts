import { ComposeError } from '../api/errors.js';
import { goTypeName } from './go-format.js';
import { parseVolumeSpec } from './transform/index.js';
import { compilePathTrie, type PathTrie } from './path-trie.js';
import { formatPath, isDict, type Dict, type Path } from './tree.js';

/**
 * Some attributes are sequences whose items must be unique by a key (a volume by its target,
 * an environment entry by its name, ...). After a merge appended an override's items, a later
 * item replaces the earlier one with the same key, in the earlier one's position.
 */
type Indexer = (item: unknown, path: Path, index: number) => string;

const UNIQUE: PathTrie<Indexer> = compilePathTrie<Indexer>([
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
]);

/**
 * Removes redefinitions from the sequences listed above; the tree is modified in place.
 * @throws ComposeError('SCHEMA') when an item lacks the attribute it is identified by.
 */
export function enforceUnicity(tree: Dict): Dict {
  walk(tree, [], UNIQUE);
  return tree;
}

// Only the mappings on the way to a listed sequence are visited.
function walk(node: unknown, path: Path, trie: PathTrie<Indexer>): unknown {
  if (isDict(node)) {
    for (const key of Object.keys(node)) {
      const below = trie.child(key);
      if (below !== undefined) node[key] = walk(node[key], [...path, key], below);
    }
    return node;
  }
  const indexer = trie.value;
  if (Array.isArray(node) && indexer !== undefined) {
    const out: unknown[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i];
      const key = indexer(item, path, i);
      const at = seen.get(key);
      if (at !== undefined) out[at] = item;
      else {
        seen.set(key, out.length);
        out.push(item);
      }
    }
    return out;
  }
  return node;
}

function fail(path: Path, message: string): never {
  throw new ComposeError('SCHEMA', `${formatPath(path)}: ${message}`, { path: formatPath(path) });
}

/** The path of item `index` of the sequence at `seq`, built only for messages. */
function itemPath(seq: Path, index: number): Path {
  return [...seq, index];
}

function keyValueIndex(item: unknown, seq: Path, index: number): string {
  if (typeof item !== 'string') fail(itemPath(seq, index), `unexpected type ${goTypeName(item)}`);
  const eq = item.indexOf('=');
  return eq >= 0 ? item.slice(0, eq) : item;
}

/** The `target` of a long-syntax volume or device entry, which must have one. */
function mountTarget(item: Dict, seq: Path, index: number, kind: 'volume' | 'device'): string {
  if (typeof item.target === 'string') return item.target;
  const path = formatPath(itemPath(seq, index));
  throw new ComposeError('SCHEMA', `service ${kind} ${path} is missing a mount target`, { path });
}

function volumeIndex(item: unknown, seq: Path, index: number): string {
  if (isDict(item)) return mountTarget(item, seq, index, 'volume');
  if (typeof item === 'string') {
    const target = parseVolumeSpec(item, itemPath(seq, index)).target;
    return typeof target === 'string' ? target : '';
  }
  return '';
}

function deviceIndex(item: unknown, seq: Path, index: number): string {
  if (isDict(item)) return mountTarget(item, seq, index, 'device');
  if (typeof item === 'string') {
    const parts = item.split(':');
    return parts.length === 1 ? parts[0] : parts[1];
  }
  return '';
}

function exposeIndex(item: unknown, seq: Path, index: number): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' && Number.isInteger(item)) return String(item);
  fail(itemPath(seq, index), `unsupported expose value ${String(item)}`);
}

function mountIndex(defaultDir: string): Indexer {
  return (item, seq, index) => {
    if (typeof item === 'string') return `${defaultDir}/${item}`;
    if (isDict(item)) {
      if (Object.hasOwn(item, 'target')) return String(item.target);
      return `${defaultDir}/${String(item.source)}`;
    }
    fail(itemPath(seq, index), `unsupported expose value ${String(item)}`);
  };
}

function portIndex(item: unknown, seq: Path, index: number): string {
  if (typeof item === 'number' && Number.isInteger(item)) return String(item);
  if (typeof item === 'string') return item;
  if (isDict(item)) {
    if (!Object.hasOwn(item, 'target')) {
      throw new ComposeError(
        'SCHEMA',
        `service ports ${formatPath(itemPath(seq, index))} is missing a target port`,
        { path: formatPath(itemPath(seq, index)) },
      );
    }
    const published = Object.hasOwn(item, 'published') ? String(item.published) : '<nil>';
    const host = Object.hasOwn(item, 'host_ip') ? String(item.host_ip) : '0.0.0.0';
    const protocol = Object.hasOwn(item, 'protocol') ? String(item.protocol) : 'tcp';
    return `${host}:${published}:${String(item.target)}/${protocol}`;
  }
  return '';
}

function envFileIndex(item: unknown, seq: Path, index: number): string {
  if (typeof item === 'string') return item;
  if (isDict(item)) {
    if (Object.hasOwn(item, 'path')) return String(item.path);
    throw new ComposeError(
      'SCHEMA',
      `environment path attribute ${formatPath(itemPath(seq, index))} is missing`,
      {
        path: formatPath(itemPath(seq, index)),
      },
    );
  }
  return '';
}
