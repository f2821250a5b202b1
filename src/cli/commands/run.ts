import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { PullPolicy, RunOptions } from '../../api/compose.js';
import { ComposeError } from '../../api/errors.js';
import { splitShellWords } from '../../model/go-text.js';
import type { Project } from '../../model/project.js';
import type { PortConfig, ServiceVolumeConfig } from '../../model/service-parts.js';
import { collect, globalFlags, type GlobalFlags } from '../global-flags.js';
import { isTrue, loadCliProject, runVerb } from '../project.js';
import {
  CommandArgumentsAfterOperand,
  keepArgumentsAfterOperand,
  processStreams,
  resolveEnv,
} from './exec.js';

/** The flags of `run`. */
export interface RunFlags {
  detach?: boolean;
  rm?: boolean;
  name?: string;
  env?: string[];
  envFromFile?: string[];
  label?: string[];
  tty?: boolean;
  interactive: boolean;
  user?: string;
  workdir?: string;
  entrypoint?: string;
  capAdd?: string[];
  capDrop?: string[];
  deps: boolean;
  volume?: string[];
  publish?: string[];
  servicePorts?: boolean;
  useAliases?: boolean;
  pull?: string;
  build?: boolean;
  quietBuild?: boolean;
  quietPull?: boolean;
  quiet?: boolean;
  removeOrphans?: boolean;
  report?: string;
}

const PULL = ['always', 'missing', 'never', 'build', 'if_not_present', 'policy'];

/** `flotilla run SERVICE [COMMAND] [ARGS...]`: run a one-off command on a service. */
export function register(program: Command): void {
  const cmd = new CommandArgumentsAfterOperand('run')
    .description('Run a one-off command on a service')
    .argument('<service>')
    .argument('[command...]')
    .option('-d, --detach', 'Run container in background and print container ID')
    .option('--rm', 'Automatically remove the container when it exits')
    .option('--name <name>', 'Assign a name to the container')
    .option('-e, --env <KEY=VALUE>', 'Set environment variables', collect)
    .option('--env-from-file <path>', 'Set environment variables from file', collect)
    .option('-l, --label <KEY=VALUE>', 'Add or override a label', collect)
    // -t first, so that -T leaves the value unset (auto) rather than defaulting it to true.
    .addOption(new Option('-t, --tty', 'Allocate a pseudo-TTY').hideHelp())
    .option('-T, --no-tty', 'Disable pseudo-TTY allocation (default: auto-detected)')
    .addOption(
      new Option('-i, --interactive', 'Keep STDIN open even if not attached').default(true),
    )
    .addOption(new Option('--no-interactive', 'Do not keep STDIN open').hideHelp())
    .option('-u, --user <user>', 'Run as specified username or uid')
    .option('-w, --workdir <dir>', 'Working directory inside the container')
    .option('--entrypoint <cmd>', 'Override the entrypoint of the image')
    .option('--cap-add <cap>', 'Add Linux capabilities', collect)
    .option('--cap-drop <cap>', 'Drop Linux capabilities', collect)
    .option('--no-deps', "Don't start linked services")
    .option('-v, --volume <volume>', 'Bind mount a volume', collect)
    .option('-p, --publish <port>', "Publish a container's port(s) to the host", collect)
    .option(
      '-P, --service-ports',
      "Run command with all service's ports enabled and mapped to the host",
    )
    .option(
      '--use-aliases',
      "Use the service's network aliases in the network(s) the container connects to",
    )
    .option('--pull <policy>', 'Pull image before running ("always"|"missing"|"never")')
    .option('--build', 'Build image before starting container')
    .option('--quiet-build', 'Suppress progress output from the build process')
    .option('--quiet-pull', 'Pull without printing progress information')
    .option('-q, --quiet', "Don't print anything to STDOUT")
    .option('--remove-orphans', 'Remove containers for services not defined in the Compose file')
    .option('--report <file>', 'Write a JSON run report to FILE (also FLOTILLA_REPORT)')
    .action((service: string, command: string[], flags: RunFlags, c: Command) =>
      runVerb(c, async ({ compose, renderer, reporting }) => {
        const report = reporting('run', flags.report);
        const g = runGlobalFlags(c);
        const stdinTTY = process.stdin.isTTY;
        const { tty, interactive } = runTerminal(flags, stdinTTY);
        const project = await loadCliProject(g, [service]);
        await loadRunParsers();
        const options = runOptionsFrom(flags, service, command, project, process.cwd());
        const raw = tty && interactive && stdinTTY;
        const terminal = { raw: false };
        try {
          const result = await compose.run(project, {
            ...options,
            ...report,
            tty,
            interactive,
            streams: flags.detach === true ? undefined : processStreams(interactive),
            onAttach: () => {
              renderer.detach();
              if (raw) {
                process.stdin.setRawMode(true);
                terminal.raw = true;
              }
            },
          });
          if (flags.detach === true) process.stdout.write(`${result.containerId}\n`);
          return result.exitCode;
        } finally {
          if (terminal.raw) process.stdin.setRawMode(false);
          if (interactive && flags.detach !== true) process.stdin.destroy();
        }
      }),
    );
  keepArgumentsAfterOperand(program, cmd);
  program.addCommand(cmd);
}

/**
 * The global flags of `run`: its own `-w/--workdir` (inside the container) must not be read as
 * the hidden global `--workdir` (the project directory).
 */
function runGlobalFlags(c: Command): GlobalFlags {
  const own = c.opts<{ projectDirectory?: string }>();
  const before = globalFlags(c.parent ?? c);
  return { ...globalFlags(c), projectDirectory: own.projectDirectory ?? before.projectDirectory };
}

/**
 * Whether `run` allocates a TTY and keeps stdin open: a TTY by default when stdin is a terminal,
 * `-t` insists and `-T` refuses; stdin is connected unless `-d` or `--no-interactive`.
 * @throws {ComposeError} `USAGE` when a TTY is asked for with stdin attached but not a terminal
 */
export function runTerminal(
  flags: Pick<RunFlags, 'tty' | 'interactive' | 'detach'>,
  stdinTTY: boolean,
): { tty: boolean; interactive: boolean } {
  const tty = flags.tty ?? stdinTTY;
  const interactive = flags.interactive;
  if (tty && interactive && flags.detach !== true && !stdinTTY) {
    throw new ComposeError(
      'USAGE',
      'cannot attach stdin to a TTY-enabled container because stdin is not a terminal',
    );
  }
  return { tty, interactive };
}

/**
 * The library options of `run` from its flags: `-e` resolved against the project environment
 * (after `--env-from-file`), `-p` and `-v` parsed as the compose file's short syntaxes (relative
 * bind sources from `cwd`), `--entrypoint` split into words, `-l` as labels.
 * @throws {ComposeError} `USAGE` for malformed values and incompatible flags
 */
export function runOptionsFrom(
  flags: RunFlags,
  service: string,
  command: readonly string[],
  project: Project,
  cwd: string,
): RunOptions {
  const fail = (message: string): never => {
    throw new ComposeError('USAGE', message);
  };
  if (flags.servicePorts === true && (flags.publish ?? []).length > 0) {
    fail('--service-ports and --publish are incompatible');
  }
  if (flags.pull !== undefined && !PULL.includes(flags.pull)) {
    fail(
      `invalid --pull option ${JSON.stringify(flags.pull)}. Accepted values: always, never, build, missing, if_not_present.`,
    );
  }
  const labels: Record<string, string> = {};
  for (const l of flags.label ?? []) {
    const at = l.indexOf('=');
    if (at < 0) fail('label must be set as KEY=VALUE');
    labels[l.slice(0, at)] = l.slice(at + 1);
  }
  let entrypoint: string[] | undefined;
  if (flags.entrypoint !== undefined && flags.entrypoint !== '') {
    try {
      entrypoint = splitShellWords(flags.entrypoint);
    } catch (err) {
      fail(`invalid --entrypoint ${JSON.stringify(flags.entrypoint)}: ${(err as Error).message}`);
    }
  }
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(project.environment, name) ? project.environment[name] : undefined;
  const env: string[] = [];
  for (const path of flags.envFromFile ?? []) {
    for (const [k, v] of readEnvFileSync(resolve(cwd, path), lookup)) env.push(`${k}=${v}`);
  }
  env.push(...resolveEnv(flags.env ?? [], project.environment));
  const quietPull = flags.quietPull === true || flags.quiet === true;
  return {
    service,
    command: command.length > 0 ? [...command] : undefined,
    entrypoint,
    detach: flags.detach,
    autoRemove: flags.rm,
    name: flags.name,
    env,
    labels,
    user: flags.user,
    workdir: flags.workdir,
    volumes: (flags.volume ?? []).map((v) => parseRunVolume(v, cwd)),
    publish: (flags.publish ?? []).flatMap(parseRunPort),
    servicePorts: flags.servicePorts,
    useAliases: flags.useAliases,
    capAdd: flags.capAdd,
    capDrop: flags.capDrop,
    noDeps: !flags.deps,
    build: flags.build,
    pull: flags.pull as PullPolicy | undefined,
    quietPull,
    quietBuild: flags.quietBuild,
    removeOrphans: flags.removeOrphans ?? isTrue(process.env.COMPOSE_REMOVE_ORPHANS),
    ignoreOrphans: isTrue(process.env.COMPOSE_IGNORE_ORPHANS),
  };
}

let envFileReader: typeof import('../../loader/dotenv/index.js').readEnvFile | undefined;
let portParser: typeof import('../../loader/transform/port-spec.js').parsePortSpec | undefined;
let volumeParser:
  typeof import('../../loader/transform/volume-spec.js').parseVolumeSpec | undefined;

/** Loads the loader's parsers that `run`'s flags need (kept out of the other verbs' start-up). */
export async function loadRunParsers(): Promise<void> {
  const [dotenv, ports, volumes] = await Promise.all([
    import('../../loader/dotenv/index.js'),
    import('../../loader/transform/port-spec.js'),
    import('../../loader/transform/volume-spec.js'),
  ]);
  envFileReader = dotenv.readEnvFile;
  portParser = ports.parsePortSpec;
  volumeParser = volumes.parseVolumeSpec;
}

function readEnvFileSync(
  path: string,
  lookup: (name: string) => string | undefined,
): Map<string, string> {
  if (envFileReader === undefined) throw new Error('loadRunParsers() was not called');
  return envFileReader(path, { required: true, lookup });
}

/** `-p` as the port short syntax: `[[ip:]published:]target[/protocol]`. */
export function parseRunPort(spec: string): PortConfig[] {
  if (portParser === undefined) throw new Error('loadRunParsers() was not called');
  let parsed;
  try {
    parsed = portParser(spec);
  } catch (err) {
    throw new ComposeError('USAGE', `invalid --publish ${JSON.stringify(spec)}: ${messageOf(err)}`);
  }
  return parsed.map((p) => {
    const port: { -readonly [K in keyof PortConfig]: PortConfig[K] } = {
      target: p.target as number,
    };
    if (typeof p.mode === 'string') port.mode = p.mode;
    if (typeof p.host_ip === 'string') port.hostIp = p.host_ip;
    if (typeof p.published === 'string') port.published = p.published;
    if (typeof p.protocol === 'string') port.protocol = p.protocol;
    return port;
  });
}

/** `-v` as the volume short syntax; a relative or `~` bind source is made absolute. */
export function parseRunVolume(spec: string, cwd: string): ServiceVolumeConfig {
  if (volumeParser === undefined) throw new Error('loadRunParsers() was not called');
  let v;
  try {
    v = volumeParser(spec);
  } catch (err) {
    throw new ComposeError('USAGE', `invalid --volume ${JSON.stringify(spec)}: ${messageOf(err)}`);
  }
  let source = typeof v.source === 'string' ? v.source : undefined;
  if (v.type === 'bind' && source !== undefined) {
    source =
      source === '~' || source.startsWith('~/')
        ? resolve(homedir(), source.slice(2))
        : resolve(cwd, source);
  }
  const bind = v.bind as Record<string, unknown> | undefined;
  const volume = v.volume as Record<string, unknown> | undefined;
  const out: { -readonly [K in keyof ServiceVolumeConfig]: ServiceVolumeConfig[K] } = {
    type: v.type as string,
    target: v.target as string,
  };
  if (source !== undefined) out.source = source;
  if (v.read_only === true) out.readOnly = true;
  if (bind !== undefined) {
    out.bind = {
      selinux: bind.selinux as string | undefined,
      propagation: bind.propagation as string | undefined,
      createHostPath: bind.create_host_path === true ? true : undefined,
    };
  }
  if (volume !== undefined) out.volume = { noCopy: volume.nocopy === true ? true : undefined };
  return out;
}

function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^[^:]*: (?=Invalid|invalid|No port)/, '');
}
