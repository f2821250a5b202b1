import { isIP } from 'node:net';
import { ComposeError } from '../api/errors.js';
import { goString } from './go-format.js';
import { compilePathTrie, type PathTrie } from './path-trie.js';
import { isDict, type Dict, type Path } from './tree.js';

type Check = (value: unknown, path: Path) => void;

/**
 * Rules the schema cannot express, checked on the merged model before paths are resolved:
 * external resources with creation attributes, secrets and configs without a source, host IPs
 * of ports, blank watch paths, GPU requests with both `count` and `device_ids`.
 * @throws ComposeError('SCHEMA') naming the path of the first violation.
 */
export function validateModel(model: Dict): void {
  walk(model, [], CHECKS);
}

const CHECKS: PathTrie<Check> = compilePathTrie<Check>([
  [['volumes', '*'], checkVolume],
  [['configs', '*'], checkFileObject(['file', 'environment', 'content'])],
  [['secrets', '*'], checkFileObject(['file', 'environment'])],
  [['services', '*', 'ports', '*'], checkIpAddress],
  [['services', '*', 'develop', 'watch', '*', 'path'], checkPath],
  [['services', '*', 'deploy', 'resources', 'reservations', 'devices', '*'], checkDeviceRequest],
  [['services', '*', 'gpus', '*'], checkDeviceRequest],
]);

// Only the nodes on the way to a checked path are visited.
function walk(value: unknown, path: Path, trie: PathTrie<Check>): void {
  const check = trie.value;
  if (check !== undefined) {
    check(value, path);
    return;
  }
  if (isDict(value)) {
    for (const k of Object.keys(value)) {
      const below = trie.child(k);
      if (below !== undefined) walk(value[k], [...path, k], below);
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const below = trie.child(i);
      if (below !== undefined) walk(value[i] as unknown, [...path, i], below);
    }
  }
}

/** compose-go prints these paths with `.` before list indices too. */
function dotted(path: Path): string {
  return path.map(String).join('.');
}

function fail(path: Path, message: string): never {
  throw new ComposeError('SCHEMA', `${dotted(path)}: ${message}`, { path: dotted(path) });
}

function checkVolume(value: unknown, path: Path): void {
  if (value === null || value === undefined) return;
  if (!isDict(value)) {
    throw new ComposeError('SCHEMA', `expected volume, got ${goString(value)}`, {
      path: dotted(path),
    });
  }
  checkExternal(value, path);
}

function checkExternal(value: Dict, path: Path): void {
  if (value.external !== true) return;
  for (const key of Object.keys(value)) {
    if (key === 'name' || key === 'external' || key.startsWith('x-')) continue;
    fail(path, `conflicting parameters "external" and ${JSON.stringify(key)} specified`);
  }
}

function checkFileObject(keys: readonly string[]): Check {
  return (value, path) => {
    if (!isDict(value)) return;
    const count = keys.filter((k) => Object.hasOwn(value, k)).length;
    if (count > 1) fail(path, `${keys.join('|')} attributes are mutually exclusive`);
    if (count === 0 && !Object.hasOwn(value, 'driver') && !Object.hasOwn(value, 'external')) {
      fail(path, `one of ${keys.join('|')} must be set`);
    }
  };
}

function checkPath(value: unknown, path: Path): void {
  if (value === '') fail(path, "value can't be blank");
}

function checkDeviceRequest(value: unknown, path: Path): void {
  if (!isDict(value)) return;
  if (Object.hasOwn(value, 'count') && Object.hasOwn(value, 'device_ids')) {
    fail(path, '"count" and "device_ids" attributes are exclusive');
  }
}

function checkIpAddress(value: unknown, path: Path): void {
  if (!isDict(value) || !Object.hasOwn(value, 'host_ip')) return;
  const ip = String(value.host_ip);
  if (isIP(ip) === 0) fail(path, `invalid ip address: ${ip}`);
}
