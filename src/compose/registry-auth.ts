// Registry credentials the way the docker CLI finds them: the registry of an image reference,
// then `config.json` in the docker config directory (`credHelpers`, `credsStore`, `auths`).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ComposeError } from '../api/errors.js';
import type { AuthConfig } from '../engine/index.js';

/** The registry of Docker Hub, as image references name it. */
export const DOCKER_HUB = 'docker.io';
/** The key Docker Hub's credentials are stored under in `config.json` and helpers. */
export const DOCKER_HUB_ADDRESS = 'https://index.docker.io/v1/';

/**
 * The registry host of an image reference, as the docker CLI normalises it: the first path
 * component when it looks like a host (has `.` or `:`, or is `localhost`), else Docker Hub.
 * @example registryOf('127.0.0.1:5000/team/app:1') // '127.0.0.1:5000'
 * @example registryOf('redis:7') // 'docker.io'
 */
export function registryOf(reference: string): string {
  const slash = reference.indexOf('/');
  if (slash === -1) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return DOCKER_HUB;
  return first === 'index.docker.io' || first === 'registry-1.docker.io' ? DOCKER_HUB : first;
}

/** Runs `docker-credential-<name> get` with `input` on stdin. */
export type CredentialHelperRunner = (
  program: string,
  input: string,
) => Promise<{ code: number; stdout: string; stderr: string }>;

/** Inputs of {@link resolveRegistryAuth}. */
export interface RegistryAuthOptions {
  /** Environment for `DOCKER_CONFIG`, `HOME` and the credential helpers' `PATH`. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The docker config directory. @default $DOCKER_CONFIG, else ~/.docker */
  readonly configDir?: string | undefined;
  /** Runs a credential helper. @default executes it from PATH */
  readonly runHelper?: CredentialHelperRunner | undefined;
}

/** What {@link resolveRegistryAuth} found for a registry. */
export interface RegistryAuth {
  /** Credentials to send, absent for an anonymous request. */
  readonly auth?: AuthConfig | undefined;
  /** Where they came from (`auths in /root/.docker/config.json`, `credential helper docker-credential-x`), or where they were looked for. */
  readonly source: string;
  /** A credential helper could not be run; the request goes out anonymously. */
  readonly warning?: string | undefined;
}

interface DockerConfigFile {
  auths?: Record<
    string,
    | {
        auth?: string;
        username?: string;
        password?: string;
        identitytoken?: string;
        registrytoken?: string;
      }
    | undefined
  >;
  credsStore?: string;
  credHelpers?: Record<string, string | undefined>;
}

/** The docker config directory: `configDir`, else `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(options: RegistryAuthOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.configDir !== undefined && options.configDir !== '') return options.configDir;
  if (env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '') return env.DOCKER_CONFIG;
  return join(env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir(), '.docker');
}

/**
 * Finds the credentials for a registry host as the docker CLI does: a credential helper named
 * for the registry in `credHelpers`, else the `credsStore` helper, else the `auths` entry
 * (base64 `auth` of `user:password`, or `username`/`password`, or `identitytoken`). A missing
 * `config.json` means anonymous access. A helper that knows no credentials for the registry
 * means anonymous access too; one that cannot be run is reported in `warning`.
 * @param registry a host as {@link registryOf} returns it
 * @throws ComposeError `REGISTRY` naming the file when `config.json` is not valid JSON
 */
export async function resolveRegistryAuth(
  registry: string,
  options: RegistryAuthOptions = {},
): Promise<RegistryAuth> {
  const file = join(dockerConfigDir(options), 'config.json');
  let text: string;
  try {
    // node:fs/promises loads on the first pull or push, not with every command that might.
    const { readFile } = await import('node:fs/promises');
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { source: `no credentials (${file} does not exist)` };
    }
    throw new ComposeError(
      'REGISTRY',
      `cannot read registry credentials from ${file}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  let config: DockerConfigFile;
  try {
    config = JSON.parse(text) as DockerConfigFile;
  } catch (err) {
    throw new ComposeError(
      'REGISTRY',
      `cannot read registry credentials from ${file}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const serverAddress = registry === DOCKER_HUB ? DOCKER_HUB_ADDRESS : registry;
  const helper =
    config.credHelpers?.[registry] ?? config.credHelpers?.[serverAddress] ?? config.credsStore;
  if (helper !== undefined && helper !== '') {
    const run = options.runHelper ?? helperRunner(options.env ?? process.env);
    return fromHelper(helper, registry, serverAddress, run);
  }
  const entry = findAuthsEntry(config.auths ?? {}, registry);
  if (entry === undefined) return { source: `no credentials for ${registry} in ${file}` };
  const auth: AuthConfig = { serveraddress: serverAddress };
  if (entry.auth !== undefined && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) {
      throw new ComposeError(
        'REGISTRY',
        `cannot read registry credentials from ${file}: auths["${registry}"].auth is not base64 of "user:password"`,
      );
    }
    auth.username = decoded.slice(0, colon);
    auth.password = decoded.slice(colon + 1);
  } else {
    if (entry.username !== undefined) auth.username = entry.username;
    if (entry.password !== undefined) auth.password = entry.password;
  }
  if (entry.identitytoken !== undefined && entry.identitytoken !== '') {
    auth.identitytoken = entry.identitytoken;
  }
  if (entry.registrytoken !== undefined && entry.registrytoken !== '') {
    auth.registrytoken = entry.registrytoken;
  }
  return { auth, source: `auths in ${file}` };
}

/** The `auths` entry for a registry: its exact key, else a key naming the same host. */
function findAuthsEntry(
  auths: NonNullable<DockerConfigFile['auths']>,
  registry: string,
): NonNullable<NonNullable<DockerConfigFile['auths']>[string]> | undefined {
  const keys = registry === DOCKER_HUB ? [DOCKER_HUB_ADDRESS, registry] : [registry];
  for (const key of keys) {
    const entry = auths[key];
    if (entry !== undefined) return entry;
  }
  for (const [key, entry] of Object.entries(auths)) {
    if (entry === undefined) continue;
    const host = hostOf(key);
    if (host === registry || (registry === DOCKER_HUB && host === 'index.docker.io')) return entry;
  }
  return undefined;
}

/** `https://reg.example:5000/v1/` -> `reg.example:5000`. */
function hostOf(key: string): string {
  const bare = key.replace(/^https?:\/\//, '');
  const slash = bare.indexOf('/');
  return slash === -1 ? bare : bare.slice(0, slash);
}

async function fromHelper(
  name: string,
  registry: string,
  serverAddress: string,
  run: CredentialHelperRunner,
): Promise<RegistryAuth> {
  const program = `docker-credential-${name}`;
  const source = `credential helper ${program}`;
  let result: { code: number; stdout: string; stderr: string };
  try {
    result = await run(program, serverAddress);
  } catch (err) {
    return {
      source,
      warning: `cannot get credentials for ${registry} from ${program}: ${(err as Error).message}; continuing without credentials`,
    };
  }
  const out = result.stdout.trim();
  if (result.code !== 0) {
    // The helper protocol's answer for "nothing stored for this server".
    if (/credentials not found/i.test(out)) {
      return { source: `no credentials for ${registry} in ${program}` };
    }
    const why = out !== '' ? out : result.stderr.trim();
    return {
      source,
      warning: `cannot get credentials for ${registry} from ${program} (exit status ${result.code}${why === '' ? '' : `: ${why}`}); continuing without credentials`,
    };
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(out) as { Username?: unknown; Secret?: unknown };
  } catch {
    return {
      source,
      warning: `${program} answered for ${registry} with something other than JSON: ${out.slice(0, 100)}; continuing without credentials`,
    };
  }
  const username = typeof answer.Username === 'string' ? answer.Username : '';
  const secret = typeof answer.Secret === 'string' ? answer.Secret : '';
  if (username === '<token>') {
    return { auth: { identitytoken: secret, serveraddress: serverAddress }, source };
  }
  return { auth: { username, password: secret, serveraddress: serverAddress }, source };
}

/** Executes a credential helper from the PATH of `env` with `input` on stdin (30 s at most). */
function helperRunner(env: Readonly<Record<string, string | undefined>>): CredentialHelperRunner {
  return async (program, input) => {
    // node:child_process costs every command start-up time: load it when a helper runs.
    const { execFile } = await import('node:child_process');
    return new Promise((resolve, reject) => {
      const child = execFile(
        program,
        ['get'],
        { timeout: 30_000, maxBuffer: 1 << 20, env: { ...env } },
        (err, stdout, stderr) => {
          if (err === null) {
            resolve({ code: 0, stdout, stderr });
            return;
          }
          const code = (err as { code?: unknown }).code;
          if (typeof code === 'number') resolve({ code, stdout, stderr });
          else if (code === 'ENOENT')
            reject(new Error(`${program} is not on PATH`, { cause: err }));
          else reject(new Error(`${program} failed: ${err.message}`, { cause: err }));
        },
      );
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
    });
  };
}
