/**
 * The configuration hashes docker compose stores in labels (`com.docker.compose.config-hash`
 * on containers, networks and volumes), computed exactly as docker compose computes them, so
 * that flotilla and docker compose recognise each other's resources as up to date.
 */
import { createHash } from 'node:crypto';
import { decodeStruct } from './go-value.js';
import { encodeGoJson } from './marshal-json.js';
import { decodeService } from './project-value.js';

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function without(d: Dict, keys: readonly string[]): Dict {
  const out: Dict = {};
  for (const k of Object.keys(d)) if (!keys.includes(k)) out[k] = d[k];
  return out;
}

/** The hex SHA-256 of `text` encoded as UTF-8. */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
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
  return sha256Hex(encodeGoJson(decodeService(cleared, name), ''));
}

/** The config hash of a network: SHA-256 of the JSON of compose-go's `NetworkConfig`. */
export function networkHash(network: Dict, name = ''): string {
  return sha256Hex(
    encodeGoJson({ k: 'ptr', v: decodeStruct(network, 'Network', ['networks', name]) }, ''),
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
  return sha256Hex(encodeGoJson(decodeStruct(d, 'Volume', ['volumes', name]), ''));
}
