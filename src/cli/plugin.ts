// The Docker CLI plugin protocol: flotilla installed as `docker-compose` in a cli-plugins
// directory runs as `docker compose ...`. docker passes its own argv (global flags, then the
// literal `compose`, then ours) and a socket whose closing means "cancel".
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import { GLOBAL_VALUE_FLAGS } from './global-value-flags.js';
import { COMPOSE_VERSION } from './version.js';

/** The hidden subcommand docker runs to discover a plugin. */
export const METADATA_COMMAND = 'docker-cli-plugin-metadata';

/** The plugin metadata docker reads (SchemaVersion < 2.0.0 and a Vendor are required). */
export function pluginMetadata(): string {
  return JSON.stringify(
    {
      SchemaVersion: '0.1.0',
      Vendor: 'flotilla',
      Version: `v${COMPOSE_VERSION}`,
      ShortDescription: 'Docker Compose',
      URL: 'https://github.com/flotilla/flotilla',
    },
    null,
    '     ',
  );
}

/** docker's global flags that matter to a plugin, as given before `compose`. */
export interface DockerGlobals {
  host?: string;
  context?: string;
  config?: string;
  debug?: boolean;
  logLevel?: string;
  tls?: boolean;
  tlsVerify?: boolean;
  tlsCaCert?: string;
  tlsCert?: string;
  tlsKey?: string;
}

const VALUE_FLAGS: Readonly<Record<string, keyof DockerGlobals>> = {
  '-H': 'host',
  '--host': 'host',
  '-c': 'context',
  '--context': 'context',
  '--config': 'config',
  '-l': 'logLevel',
  '--log-level': 'logLevel',
  '--tlscacert': 'tlsCaCert',
  '--tlscert': 'tlsCert',
  '--tlskey': 'tlsKey',
};
const BOOL_FLAGS: Readonly<Record<string, keyof DockerGlobals>> = {
  '-D': 'debug',
  '--debug': 'debug',
  '--tls': 'tls',
  '--tlsverify': 'tlsVerify',
};

/**
 * Splits docker's argv as a plugin receives it (`--context foo compose up -d`) into docker's
 * global flags and flotilla's own arguments (`up -d`). Without a `compose` word the arguments
 * are returned as they are.
 * @throws {Error} for a docker flag that lacks its value
 */
export function splitPluginArgv(argv: readonly string[]): {
  globals: DockerGlobals;
  args: string[];
} {
  const globals: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === 'compose') return { globals, args: argv.slice(i + 1) };
    // `--host=x`, and pflag's short forms `-Hx` and `-H=x`.
    const shortJoined = /^-[^-]./.test(arg);
    const eq = arg.startsWith('--')
      ? arg.indexOf('=')
      : shortJoined
        ? arg[2] === '='
          ? 2
          : 1
        : -1;
    const name = eq === -1 ? arg : arg.slice(0, shortJoined ? 2 : eq);
    const valueKey = VALUE_FLAGS[name] as keyof DockerGlobals | undefined;
    if (valueKey !== undefined) {
      const value = eq === -1 ? (argv[++i] as string | undefined) : arg.slice(eq + 1);
      if (value === undefined) throw new Error(`docker flag ${name} needs a value`);
      globals[valueKey] = value;
      continue;
    }
    const boolKey = BOOL_FLAGS[name] as keyof DockerGlobals | undefined;
    if (boolKey !== undefined) {
      globals[boolKey] = eq === -1 ? true : arg.slice(eq + 1) !== 'false';
      continue;
    }
    if (!arg.startsWith('-')) break;
  }
  return { globals: {}, args: [...argv] };
}

/**
 * Applies docker's global flags the way the docker CLI would for the engine connection: as the
 * `DOCKER_*` variables flotilla's engine client reads.
 */
export function applyDockerGlobals(
  globals: DockerGlobals,
  env: Record<string, string | undefined>,
): void {
  if (globals.config !== undefined) env.DOCKER_CONFIG = globals.config;
  if (globals.context !== undefined) {
    env.DOCKER_CONTEXT = globals.context;
    delete env.DOCKER_HOST;
  }
  if (globals.host !== undefined) env.DOCKER_HOST = globals.host;
  if (globals.tlsVerify === true) env.DOCKER_TLS_VERIFY = '1';
  if (globals.tls === true) env.DOCKER_TLS = '1';
  const certFile = globals.tlsCaCert ?? globals.tlsCert ?? globals.tlsKey;
  if (certFile !== undefined) env.DOCKER_CERT_PATH = dirname(certFile);
}

/**
 * Enters plugin mode when docker started the process (`DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND`
 * set): applies docker's global flags, watches docker's cancellation socket, and returns
 * flotilla's own arguments.
 */
export function enterPluginMode(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): string[] {
  if (argv[0] === METADATA_COMMAND) return [...argv];
  const { globals, args } = splitPluginArgv(argv);
  applyDockerGlobals(globals, env);
  const socket = env.DOCKER_CLI_PLUGIN_SOCKET;
  if (socket !== undefined && socket !== '') watchCancelSocket(socket);
  return args;
}

/** docker's root flags that docker compose's standalone binary moves in front of `compose`. */
const STANDALONE_VALUE_FLAGS: Readonly<Record<string, keyof DockerGlobals>> = {
  '-H': 'host',
  '--host': 'host',
  '--context': 'context',
  '--log-level': 'logLevel',
  '--tlscacert': 'tlsCaCert',
  '--tlscert': 'tlsCert',
  '--tlskey': 'tlsKey',
};
const STANDALONE_BOOL_FLAGS: Readonly<Record<string, keyof DockerGlobals>> = {
  '-D': 'debug',
  '--debug': 'debug',
  // docker-compose v1's flag, which docker compose still accepts standalone.
  '--verbose': 'debug',
  '--tls': 'tls',
  '--tlsverify': 'tlsVerify',
};

/**
 * The arguments of flotilla run directly (`docker-compose -H unix:///x.sock -p app up`) as docker
 * compose's standalone binary rewrites them into a plugin call: docker's root flags (`-H`,
 * `--host`, `--context`, `--log-level`, `--tls*`, `-D/--debug`, `--verbose`) are taken out of
 * the flags before the command, and a leading `compose` word is dropped (`docker-compose compose
 * ps`). flotilla's own global flags and their values stay; scanning stops at the command.
 * @throws {Error} for a docker flag that lacks its value
 * @example splitStandaloneArgv(['-H', 'unix:///x', 'compose', 'ps']) // { globals: { host: 'unix:///x' }, args: ['ps'] }
 */
export function splitStandaloneArgv(argv: readonly string[]): {
  globals: DockerGlobals;
  args: string[];
} {
  const globals: Record<string, string | boolean> = {};
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--' || !arg.startsWith('-') || arg === '-') {
      args.push(...argv.slice(arg === 'compose' ? i + 1 : i));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const valueKey = STANDALONE_VALUE_FLAGS[name] as keyof DockerGlobals | undefined;
    if (valueKey !== undefined) {
      const value = eq === -1 ? (argv[++i] as string | undefined) : arg.slice(eq + 1);
      if (value === undefined) throw new Error(`flag needs an argument: '${name}'`);
      globals[valueKey] = value;
      continue;
    }
    const boolKey = STANDALONE_BOOL_FLAGS[name] as keyof DockerGlobals | undefined;
    if (boolKey !== undefined) {
      globals[boolKey] = eq === -1 ? true : arg.slice(eq + 1) !== 'false';
      continue;
    }
    if (arg === '-h') {
      args.push('--help');
      continue;
    }
    args.push(arg);
    if (GLOBAL_VALUE_FLAGS.has(arg) && i + 1 < argv.length) args.push(argv[++i]);
  }
  return { globals, args };
}

/**
 * Standalone mode (flotilla run directly, not by docker): applies docker's root flags given
 * before the command as {@link splitStandaloneArgv} finds them and returns flotilla's arguments.
 * @throws {Error} for a docker flag that lacks its value
 */
export function enterStandaloneMode(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): string[] {
  const { globals, args } = splitStandaloneArgv(argv);
  applyDockerGlobals(globals, env);
  return args;
}

/** docker closes the socket to cancel the plugin (SIGINT/SIGTERM it received). */
function watchCancelSocket(address: string): void {
  // node:net is loaded here, not with this module, which standalone calls load too.
  void import('node:net').then(({ connect }) => {
    watchConnection(connect({ path: address.startsWith('@') ? `\0${address.slice(1)}` : address }));
  });
}

function watchConnection(conn: Socket): void {
  let connected = false;
  conn.on('connect', () => {
    connected = true;
  });
  // Node 20 may be unable to reach abstract sockets; then cancellation relies on signals alone.
  conn.on('error', () => undefined);
  conn.on('close', () => {
    if (!connected) return;
    if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
    else process.exit(130);
  });
  conn.unref();
}
