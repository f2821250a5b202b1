import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DOCKER_HOST, parseDockerHost, type EngineAddress } from './docker-host.js';
import { EngineError } from './errors.js';

/** Certificates for a TLS connection to the engine (PEM contents, not paths). */
export interface EngineTls {
  readonly ca?: Buffer | undefined;
  readonly cert?: Buffer | undefined;
  readonly key?: Buffer | undefined;
  /** Verify the engine's certificate (`DOCKER_TLS_VERIFY`, or a context without SkipTLSVerify). */
  readonly verify: boolean;
}

/** A fully resolved engine connection: where, how, and which docker context it came from. */
export interface EngineEndpoint {
  /** The address as configured, e.g. `unix:///var/run/docker.sock`; used in error messages. */
  readonly host: string;
  readonly address: EngineAddress;
  /** TLS material, or undefined for plain HTTP. */
  readonly tls: EngineTls | undefined;
  /** Name of the docker context the address came from (`default` when none was used). */
  readonly context: string;
  /** `DOCKER_API_VERSION`, which disables version negotiation, when set. */
  readonly apiVersion: string | undefined;
}

/** Inputs of {@link resolveEndpoint}; all optional. */
export interface EndpointOptions {
  /** Environment to read `DOCKER_*` variables from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** An explicit host (the docker CLI's `-H/--host`); wins over contexts and `DOCKER_HOST`. */
  readonly host?: string | undefined;
  /** An explicit context name (`--context`); wins over everything else. */
  readonly context?: string | undefined;
  /** The docker config directory (`--config`). @default $DOCKER_CONFIG, else ~/.docker */
  readonly configDir?: string | undefined;
}

/**
 * Works out which engine to talk to, the way the docker CLI does: `--context`, else `--host`
 * or `DOCKER_HOST` (the default context), else `DOCKER_CONTEXT`, else `currentContext` from
 * `config.json`, else the default context. A named context is read from the context store
 * (`contexts/meta/<sha256 of the name>/meta.json`, endpoint `docker`) with its TLS files from
 * `contexts/tls/<sha256>/docker/`. The default context takes TLS from `DOCKER_TLS_VERIFY` /
 * `DOCKER_TLS` and the files `ca.pem`, `cert.pem`, `key.pem` in `DOCKER_CERT_PATH` (default: the
 * config directory). Reads a few small files synchronously; does not connect.
 *
 * @throws {EngineError} with `status` 0 and `code` `ECONFIG` for an unreadable `config.json`, an
 *   unknown context, a context without a docker endpoint or an unusable host address.
 */
export function resolveEndpoint(options: EndpointOptions = {}): EngineEndpoint {
  const env = options.env ?? process.env;
  const configDir = options.configDir ?? nonEmpty(env.DOCKER_CONFIG) ?? defaultConfigDir(env);
  const apiVersion = nonEmpty(env.DOCKER_API_VERSION);
  const context = contextName(options, env, configDir);
  if (context === 'default') {
    const host = nonEmpty(options.host) ?? nonEmpty(env.DOCKER_HOST) ?? DEFAULT_DOCKER_HOST;
    const verify = nonEmpty(env.DOCKER_TLS_VERIFY) !== undefined;
    const wantTls = verify || nonEmpty(env.DOCKER_TLS) !== undefined;
    const address = parseAddress(host, wantTls);
    const useTls = wantTls || (address.kind === 'tcp' && address.https);
    const tls = useTls
      ? { ...readTlsDir(nonEmpty(env.DOCKER_CERT_PATH) ?? configDir), verify: verify || !wantTls }
      : undefined;
    return { host, address, tls, context, apiVersion };
  }
  const id = createHash('sha256').update(context).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const meta = readJson(metaFile, `Docker context "${context}" not found`);
  const endpoint = dockerEndpoint(meta);
  if (endpoint === undefined || typeof endpoint.Host !== 'string' || endpoint.Host === '') {
    throw configError(`Docker context "${context}" has no docker endpoint host (${metaFile})`);
  }
  const files = readTlsDir(join(configDir, 'contexts', 'tls', id, 'docker'));
  const hasFiles = files.ca !== undefined || files.cert !== undefined || files.key !== undefined;
  const address = parseAddress(endpoint.Host, hasFiles);
  const tls =
    hasFiles || (address.kind === 'tcp' && address.https)
      ? { ...files, verify: endpoint.SkipTLSVerify !== true }
      : undefined;
  return { host: endpoint.Host, address, tls, context, apiVersion };
}

/** The docker CLI's context choice; exported for tests. */
export function contextName(
  options: EndpointOptions,
  env: Readonly<Record<string, string | undefined>>,
  configDir: string,
): string {
  const explicit = nonEmpty(options.context);
  if (explicit !== undefined) return explicit;
  if (nonEmpty(options.host) !== undefined || nonEmpty(env.DOCKER_HOST) !== undefined) {
    return 'default';
  }
  const fromEnv = nonEmpty(env.DOCKER_CONTEXT);
  if (fromEnv !== undefined) return fromEnv;
  const file = join(configDir, 'config.json');
  const config = readJson(file, undefined);
  if (config !== undefined && typeof config === 'object' && config !== null) {
    const current = (config as { currentContext?: unknown }).currentContext;
    if (typeof current === 'string' && current !== '') return current;
  }
  return 'default';
}

interface DockerEndpointMeta {
  Host?: unknown;
  SkipTLSVerify?: unknown;
}

function dockerEndpoint(meta: unknown): DockerEndpointMeta | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const endpoints = (meta as { Endpoints?: unknown }).Endpoints;
  if (typeof endpoints !== 'object' || endpoints === null) return undefined;
  const docker = (endpoints as { docker?: unknown }).docker;
  return typeof docker === 'object' && docker !== null ? docker : undefined;
}

function defaultConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(nonEmpty(env.HOME) ?? homedir(), '.docker');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseAddress(host: string, tls: boolean): EngineAddress {
  try {
    return parseDockerHost(host, tls);
  } catch (err) {
    throw configError((err as Error).message, host, err);
  }
}

/**
 * Reads a JSON file. A missing file gives `undefined` when `missing` is undefined, else an error
 * with that text; a malformed file is always an error naming it.
 */
function readJson(file: string, missing: string | undefined): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && missing === undefined) return undefined;
    throw configError(`${missing ?? 'cannot read'} (${file}: ${(err as Error).message})`, '', err);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw configError(`cannot parse ${file}: ${(err as Error).message}`, '', err);
  }
}

function readTlsDir(dir: string): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  return {
    ca: readOptional(join(dir, 'ca.pem')),
    cert: readOptional(join(dir, 'cert.pem')),
    key: readOptional(join(dir, 'key.pem')),
  };
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw configError(`cannot read TLS file ${file}: ${(err as Error).message}`, '', err);
  }
}

function configError(message: string, host = '', cause?: unknown): EngineError {
  return new EngineError(message, {
    status: 0,
    method: '',
    path: '',
    host,
    code: 'ECONFIG',
    cause,
  });
}
