/**
 * The configuration hashes docker compose stores in labels (`com.docker.compose.config-hash`
 * on containers, networks and volumes), computed exactly as docker compose computes them, so
 * that flotilla and docker compose recognise each other's resources as up to date.
 */
import { decodeStruct } from './go-value.js';
import { encodeGoJson } from './marshal-json.js';
import { decodeService } from './project-value.js';
import { sha256Hex } from './sha256.js';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function without(d: Dict, keys: readonly string[]): Dict {
  const out: Dict = {};
  for (const k of Object.keys(d)) if (!keys.includes(k)) out[k] = d[k];
  return out;
}

/**
 * Hashes already computed, by a text that fixes their input ({@link memoKey}): a process can
 * keep them between runs (the CLI does, per project), since a hash depends on nothing else.
 */
export interface HashMemo {
  get(key: string): string | undefined;
  set(key: string, hash: string): void;
}

let memo: HashMemo | undefined;

/** Makes {@link serviceHash}, {@link networkHash} and {@link volumeHash} consult `m` first. */
export function useHashMemo(m: HashMemo | undefined): void {
  memo = m;
}

/**
 * A text that tells inputs apart exactly: JSON, with what JSON would blur kept apart by strings
 * starting with NUL (`undefined`, `-0`, `NaN`, infinities; a string that starts with NUL gets a
 * second one). Undefined for values JSON cannot carry faithfully (anything but plain objects,
 * arrays and primitives), which are then not memoised.
 */
export function memoKey(kind: string, value: unknown): string | undefined {
  try {
    // `this[key]` is the value before any toJSON (a Date would otherwise pass as its text).
    const text = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const original = key === '' ? value : this[key];
      switch (typeof original) {
        case 'string':
          return original.startsWith('\0') ? `\0${original}` : original;
        case 'number':
          return Number.isFinite(original) && !Object.is(original, -0)
            ? original
            : `\0${Object.is(original, -0) ? '-0' : String(original)}`;
        case 'undefined':
          return '\0u';
        case 'boolean':
          return original;
        case 'object': {
          if (original === null || Array.isArray(original)) return v;
          const proto: unknown = Object.getPrototypeOf(original);
          if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
          return v;
        }
        default:
          throw NOT_PLAIN;
      }
    });
    return `${kind}:${text}`;
  } catch {
    // Not plain data, a cycle: computed each time.
    return undefined;
  }
}

const NOT_PLAIN = new Error('not plain data');

function memoised(kind: string, input: unknown, compute: () => string): string {
  const key = memo === undefined ? undefined : memoKey(kind, input);
  if (key === undefined) return compute();
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const hash = compute();
  memo?.set(key, hash);
  return hash;
}

/**
 * The `com.docker.compose.config-hash` of a service: docker compose's `ServiceHash`, the hex
 * SHA-256 of Go's compact JSON of compose-go's `ServiceConfig` once `build`, `pull_policy`,
 * `scale`, `deploy.replicas`, `depends_on` and `profiles` are cleared. Extensions (`x-*`) and
 * compose's own labels are never part of it.
 *
 * Pass the service as containers are created from it: `env_file` already merged into
 * `environment` and dropped, and for `up`, `volumes_from` / `network_mode: service:x`
 * rewritten to container references first, as docker compose does.
 * @param service one service of the canonical model tree
 * @throws ModelError when a value cannot be converted to its Go type
 * @example serviceHash(model.services.web, 'web')
 */
export function serviceHash(service: Dict, name = ''): string {
  const cleared = without(service, ['build', 'pull_policy', 'scale', 'depends_on', 'profiles']);
  if (isDict(cleared.deploy)) cleared.deploy = without(cleared.deploy, ['replicas']);
  return memoised(`service ${name}`, cleared, () =>
    sha256Hex(encodeGoJson(decodeService(cleared, name), '')),
  );
}

/** The config hash of a network: SHA-256 of the JSON of compose-go's `NetworkConfig`. */
export function networkHash(network: Dict, name = ''): string {
  return memoised(`network ${name}`, network, () =>
    sha256Hex(
      encodeGoJson({ k: 'ptr', v: decodeStruct(network, 'Network', ['networks', name]) }, ''),
    ),
  );
}

/**
 * The config hash of a volume: SHA-256 of the JSON of compose-go's `VolumeConfig`, with the
 * driver `local` when none is set (as docker compose does).
 */
export function volumeHash(volume: Dict, name = ''): string {
  const d =
    typeof volume.driver === 'string' && volume.driver !== ''
      ? volume
      : { ...volume, driver: 'local' };
  return memoised(`volume ${name}`, d, () =>
    sha256Hex(encodeGoJson(decodeStruct(d, 'Volume', ['volumes', name]), '')),
  );
}
