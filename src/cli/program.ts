import { Command, CommanderError, Option } from 'commander';
import { ComposeError, isComposeError } from '../api/errors.js';
import { findVerb } from './find-verb.js';
import { globalFlags, withGlobalFlags } from './global-flags.js';
import { deprecatedFlagWarnings, trackAnsi } from './hidden-root-flags.js';
import { isTerminal, printError, stderrText } from './output.js';
import { VERSION_LINE } from './version.js';

/** The verbs the CLI has. */
export function verbNames(): string[] {
  return Object.keys(VERBS);
}

/** A command module: registers the command of `verb` on the program. */
type CommandModule = { register: (program: Command, verb: string) => void };

/** A verb of the CLI. */
interface Verb {
  /** Loads the module of its command. */
  readonly load: () => Promise<CommandModule>;
  /** The verb changes nothing, so `--dry-run` is harmless. */
  readonly readOnly?: true;
  /** Under `--dry-run` the verb prints its plan (what it would change, and why) instead of acting. */
  readonly plans?: true;
}

const readOnly = true;
const plans = true;

/**
 * The verbs, each with the module of its command. Only the module of the verb on the command
 * line is loaded (every one for help or an unknown verb): start-up stays small.
 */
const VERBS: Readonly<Record<string, Verb>> = {
  config: { load: () => import('./commands/config.js'), readOnly },
  version: { load: () => import('./commands/version.js'), readOnly },
  up: { load: () => import('./commands/up.js'), plans },
  down: { load: () => import('./commands/down.js'), plans },
  ps: { load: () => import('./commands/ps.js'), readOnly },
  logs: { load: () => import('./commands/logs.js'), readOnly },
  build: { load: () => import('./commands/build.js') },
  create: { load: () => import('./commands/create.js'), plans },
  start: { load: () => import('./commands/start.js') },
  stop: { load: () => import('./commands/stop.js') },
  restart: { load: () => import('./commands/restart.js') },
  kill: { load: () => import('./commands/kill.js') },
  rm: { load: () => import('./commands/rm.js') },
  pause: { load: () => import('./commands/pause.js') },
  unpause: { load: () => import('./commands/pause.js') },
  pull: { load: () => import('./commands/pull.js') },
  push: { load: () => import('./commands/push.js') },
  exec: { load: () => import('./commands/exec.js') },
  cp: { load: () => import('./commands/cp.js') },
  port: { load: () => import('./commands/port.js'), readOnly },
  top: { load: () => import('./commands/top.js'), readOnly },
  images: { load: () => import('./commands/images.js'), readOnly },
  events: { load: () => import('./commands/events.js'), readOnly },
  ls: { load: () => import('./commands/ls.js'), readOnly },
  wait: { load: () => import('./commands/wait.js') },
  attach: { load: () => import('./commands/attach.js') },
  stats: { load: () => import('./commands/stats.js'), readOnly },
  watch: { load: () => import('./commands/watch.js') },
  run: { load: () => import('./commands/run.js') },
  scale: { load: () => import('./commands/scale.js') },
  volumes: { load: () => import('./commands/volumes.js'), readOnly },
  commit: { load: () => import('./commands/commit.js') },
  export: { load: () => import('./commands/export.js') },
  stack: { load: () => import('./commands/stack.js') },
  convert: { load: () => import('./commands/convert.js') },
  cost: { load: () => import('./commands/cost.js'), readOnly },
  k8s: { load: () => import('./commands/k8s.js') },
  'docker-cli-plugin-metadata': { load: () => import('./commands/plugin.js') },
};

/** Copies the global flags onto a command (hidden), minus the letters the command uses itself. */
/** Nested commands whose `--dry-run` prints a plan. */
const NESTED_PLANS = new Set(['stack deploy']);

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
  trackAnsi(sub);
}

/**
 * Parses `argv` (without node and script) and runs the command.
 * @returns the process exit status
 */
export async function runCli(argv: readonly string[]): Promise<number> {
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
  const wanted = verb !== undefined && Object.hasOwn(VERBS, verb) ? [verb] : Object.keys(VERBS);
  const modules = await Promise.all(wanted.map((name) => VERBS[name].load()));
  for (const [i, m] of modules.entries()) m.register(program, wanted[i]);
  // Global flags before the command belong to the program; after it, to the command, so that a
  // command's own letters win (`rm -f` is --force, `logs -f` --follow, `down -v` --volumes).
  // The same one level down: after `k8s logs` or `stack ps`, `-f` is the nested command's own
  // (--follow, --filter), not the group's copy of --file.
  program.enablePositionalOptions();
  for (const sub of program.commands) {
    if (sub.commands.length > 0) sub.enablePositionalOptions();
    addGlobalFlagsAfter(sub, program);
    for (const nested of sub.commands) addGlobalFlagsAfter(nested, program);
  }
  // A dry run that changed things would be worse than none: refuse it where it would matter.
  program.hook('preAction', (_root, action) => {
    const g = globalFlags(action);
    for (const warning of deprecatedFlagWarnings(g)) {
      // docker compose prints the --workdir one in red.
      const red = warning.includes('--workdir') && isTerminal(2);
      stderrText.write(red ? `\x1b[31m${warning}\n\x1b[0m` : `${warning}\n`);
    }
    // A nested command is named with its group: `stack deploy`.
    const parent = action.parent;
    const nested = parent !== null && parent !== program;
    const name = nested ? `${parent.name()} ${action.name()}` : action.name();
    const verb = !nested && Object.hasOwn(VERBS, name) ? VERBS[name] : undefined;
    const safe = verb?.readOnly === true || verb?.plans === true || NESTED_PLANS.has(name);
    if (g.dryRun === true && !safe) {
      throw new ComposeError(
        'USAGE',
        `--dry-run is not supported by \`${name}\` yet: nothing was changed; run it without --dry-run`,
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
