import { Command, CommanderError, Option } from 'commander';
import { ComposeError, isComposeError } from '../api/errors.js';
import { findVerb } from './cache-choice.js';
import { setBuildId } from './user-cache.js';
import { printError } from './output.js';
import { VERSION_LINE } from './version.js';

/** Global flags, accepted before the command (and, as with docker compose, after it). */
export interface GlobalFlags {
  file: string[];
  projectName?: string;
  profile: string[];
  envFile?: string[];
  projectDirectory?: string;
  parallel?: string;
  progress?: string;
  ansi?: string;
  compatibility?: boolean;
  dryRun?: boolean;
  allResources?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds the global flags to a command. */
export function withGlobalFlags(cmd: Command): Command {
  return cmd
    .option('-f, --file <file>', 'Compose configuration files', collect)
    .option('-p, --project-name <name>', 'Project name')
    .option('--profile <profile>', 'Specify a profile to enable', collect)
    .option('--env-file <path>', 'Specify an alternate environment file', collect)
    .option('--project-directory <path>', 'Specify an alternate working directory')
    .addOption(new Option('--workdir <path>').hideHelp())
    .option('--parallel <n>', 'Control max parallelism, -1 for unlimited')
    .option('--progress <mode>', 'Set type of progress output (auto, tty, plain, json, quiet)')
    .option('--ansi <when>', 'Control when to print ANSI control characters (never|always|auto)')
    .option('--compatibility', 'Run compose in backward compatibility mode')
    .option('--dry-run', 'Execute command in dry run mode')
    .option('--all-resources', 'Include all resources, even those not used by services');
}

/** Global flags given before and after the command, the later ones adding to the earlier. */
export function globalFlags(cmd: Command): GlobalFlags {
  const merged: Record<string, unknown> = {};
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c);
  for (const c of chain) {
    const opts = c.opts<Record<string, unknown>>();
    for (const [k, v] of Object.entries(opts)) {
      if (v === undefined) continue;
      const prev = merged[k];
      merged[k] =
        Array.isArray(prev) && Array.isArray(v) ? [...(prev as unknown[]), ...(v as unknown[])] : v;
    }
  }
  const flags = merged as unknown as Partial<GlobalFlags> & { workdir?: string };
  flags.file ??= [];
  flags.profile ??= [];
  flags.projectDirectory ??= flags.workdir;
  return flags as GlobalFlags;
}

/** The verbs the CLI has. */
export function verbNames(): string[] {
  return Object.keys(COMMANDS);
}

type CommandModule = { register: (program: Command) => void };

/**
 * Command modules by verb, each registering its command. Only the module of the verb on the
 * command line is loaded (every one for help or an unknown verb): start-up stays small.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  config: () => import('./commands/config.js'),
  version: () => import('./commands/version.js'),
  up: () => import('./commands/up.js'),
  down: () => import('./commands/down.js'),
  ps: () => import('./commands/ps.js'),
  logs: () => import('./commands/logs.js'),
  build: () => import('./commands/build.js'),
  create: () => import('./commands/create.js'),
  start: () => import('./commands/start.js'),
  stop: () => import('./commands/stop.js'),
  restart: () => import('./commands/restart.js'),
  kill: () => import('./commands/kill.js'),
  rm: () => import('./commands/rm.js'),
  pause: () => import('./commands/pause.js'),
  unpause: () => import('./commands/unpause.js'),
  pull: () => import('./commands/pull.js'),
  push: () => import('./commands/push.js'),
  exec: () => import('./commands/exec.js'),
  cp: () => import('./commands/cp.js'),
  port: () => import('./commands/port.js'),
  top: () => import('./commands/top.js'),
  images: () => import('./commands/images.js'),
  events: () => import('./commands/events.js'),
  ls: () => import('./commands/ls.js'),
  wait: () => import('./commands/wait.js'),
  attach: () => import('./commands/attach.js'),
  stats: () => import('./commands/stats.js'),
  watch: () => import('./commands/watch.js'),
  run: () => import('./commands/run.js'),
  scale: () => import('./commands/scale.js'),
  volumes: () => import('./commands/volumes.js'),
  commit: () => import('./commands/commit.js'),
  export: () => import('./commands/export.js'),
  convert: () => import('./commands/convert.js'),
  'docker-cli-plugin-metadata': () => import('./commands/plugin.js'),
};

/** Copies the global flags onto a command (hidden), minus the letters the command uses itself. */
function addGlobalFlagsAfter(sub: Command, program: Command): void {
  const taken = new Set<string>();
  for (const o of sub.options) {
    if (o.short !== undefined) taken.add(o.short);
    if (o.long !== undefined) taken.add(o.long);
  }
  for (const o of program.options) {
    if (o.long === undefined || o.long === '--version' || taken.has(o.long)) continue;
    const long = o.flags.replace(/^-\w,\s*/, '');
    const short = o.short !== undefined && !taken.has(o.short) ? `${o.short}, ` : '';
    const copy = new Option(`${short}${long}`, o.description).hideHelp();
    if (o.parseArg !== undefined) copy.argParser(o.parseArg);
    sub.addOption(copy);
  }
}

/** Commands that change nothing, for which `--dry-run` is harmless. */
const READ_ONLY_COMMANDS = new Set([
  'config',
  'version',
  'ps',
  'ls',
  'images',
  'logs',
  'top',
  'port',
  'events',
  'stats',
  'volumes',
]);

/**
 * Parses `argv` (without node and script) and runs the command.
 * @param buildId the build of the bundle, which the executable knows: config hashes kept
 *   between runs are tied to it (hash-memo.ts)
 * @returns the process exit status
 */
export async function runCli(argv: readonly string[], buildId?: string): Promise<number> {
  setBuildId(buildId);
  const program = withGlobalFlags(new Command('flotilla'))
    .description('Define and run multi-container applications with Docker (flotilla)')
    .usage('[OPTIONS] COMMAND')
    .version(VERSION_LINE, '-v, --version', 'Show the flotilla version')
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => {
        write(str);
      },
    })
    .showHelpAfterError(false);
  const verb = findVerb(argv);
  const loaders =
    verb !== undefined && Object.hasOwn(COMMANDS, verb)
      ? [COMMANDS[verb]]
      : Object.values(COMMANDS);
  const modules = await Promise.all(loaders.map((load) => load()));
  for (const m of modules) m.register(program);
  // Global flags before the command belong to the program; after it, to the command, so that a
  // command's own letters win (`rm -f` is --force, `logs -f` --follow, `down -v` --volumes).
  program.enablePositionalOptions();
  for (const sub of program.commands) addGlobalFlagsAfter(sub, program);
  // A dry run that changed things would be worse than none: refuse it where it would matter.
  program.hook('preAction', (_root, action) => {
    if (globalFlags(action).dryRun === true && !READ_ONLY_COMMANDS.has(action.name())) {
      throw new ComposeError(
        'USAGE',
        `--dry-run is not supported by \`${action.name()}\` yet: nothing was changed; run it without --dry-run`,
      );
    }
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      return 1;
    }
    printError(err);
    return isComposeError(err) ? err.exitCode : 1;
  }
}
