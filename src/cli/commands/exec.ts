import { Option, type Command, type ParseOptionsResult } from 'commander';
import type { TerminalStreams } from '../../api/compose.js';
import { ComposeError } from '../../api/errors.js';
import type { Project } from '../../model/project.js';
import { BoolValueCommand } from '../bool-flags.js';
import { collect, globalFlags, type GlobalFlags } from '../global-flags.js';
import { loadCliProject, runVerb } from '../project.js';

interface ExecFlags {
  detach?: boolean;
  env?: string[];
  index?: string;
  privileged?: boolean;
  user?: string;
  tty?: boolean;
  interactive: boolean;
  workdir?: string;
}

/** `flotilla exec SERVICE COMMAND [ARGS...]`: run a command in a running service container. */
export function register(program: Command): void {
  const cmd = new CommandArgumentsAfterOperand('exec')
    .description('Execute a command in a running container')
    .argument('<service>')
    .argument('<command...>')
    .option('-d, --detach', 'Detached mode: Run command in the background')
    .option('-e, --env <KEY=VALUE>', 'Set environment variables', collect)
    .option('--index <n>', 'Index of the container if service has multiple replicas')
    .option('--privileged', 'Give extended privileges to the process')
    .option('-u, --user <user>', 'Run the command as this user')
    // -t first, so that -T leaves the value unset (auto) rather than defaulting it to true.
    .addOption(new Option('-t, --tty', 'Allocate a pseudo-TTY').hideHelp())
    .option('-T, --no-tty', 'Disable pseudo-TTY allocation. By default exec allocates a TTY')
    .addOption(new Option('-i, --interactive', 'Keep STDIN open').hideHelp().default(true))
    .addOption(new Option('--no-interactive', 'Do not keep STDIN open').hideHelp())
    .option('-w, --workdir <dir>', 'Path to workdir directory for this command')
    .action((service: string, command: string[], flags: ExecFlags, c: Command) =>
      runVerb(c, async ({ compose }) => {
        // exec's own -w/--workdir must not be read as the global --workdir (project directory).
        const project = await containerVerbProject(globalFlags(c.parent ?? c));
        const stdinTTY = process.stdin.isTTY;
        // A TTY by default only when both ends are terminals; -t insists, -T refuses.
        const tty = flags.tty ?? (stdinTTY && process.stdout.isTTY);
        const interactive = flags.interactive && flags.detach !== true;
        if (tty && interactive && !stdinTTY && flags.tty === true) {
          throw new ComposeError('USAGE', 'the input device is not a TTY');
        }
        const raw = tty && interactive && stdinTTY;
        if (raw) process.stdin.setRawMode(true);
        try {
          return await compose.exec(project, {
            service,
            command,
            index: parseIndex(flags.index),
            detach: flags.detach,
            env: resolveEnv(flags.env ?? [], process.env),
            user: flags.user,
            workdir: flags.workdir,
            privileged: flags.privileged,
            tty,
            interactive,
            streams: processStreams(interactive),
          });
        } finally {
          if (raw) process.stdin.setRawMode(false);
          if (interactive) process.stdin.destroy();
        }
      }),
    );
  keepArgumentsAfterOperand(program, cmd);
  program.addCommand(cmd);
}

/**
 * The project for verbs that need only its name (`exec cp top port images attach stats`): `-p`
 * or `COMPOSE_PROJECT_NAME` without `-f` is enough; otherwise the compose file is loaded (which
 * also lets unknown services be reported as such).
 */
export async function containerVerbProject(g: GlobalFlags): Promise<Project | string> {
  if (g.file.length === 0) {
    const name = g.projectName ?? process.env.COMPOSE_PROJECT_NAME;
    if (name !== undefined && name !== '') return name;
  }
  return loadCliProject(g);
}

/** `--index`: a positive replica number. @throws {ComposeError} `USAGE` otherwise */
export function parseIndex(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new ComposeError(
      'USAGE',
      `invalid argument "${value}" for "--index" flag: must be a non-negative integer`,
    );
  }
  return n;
}

/**
 * `-e` values: `KEY=VALUE` as given, a bare `KEY` takes its value from the environment (and is
 * dropped when unset), as docker does.
 */
export function resolveEnv(
  values: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.includes('=')) out.push(v);
    else if (env[v] !== undefined) out.push(`${v}=${env[v]}`);
  }
  return out;
}

/** The process's standard streams, terminal size and signals, for exec and attach. */
export function processStreams(withStdin: boolean): TerminalStreams {
  return {
    stdin: withStdin ? process.stdin : undefined,
    stdout: process.stdout,
    stderr: process.stderr,
    size: () =>
      process.stdout.isTTY
        ? { rows: process.stdout.rows, columns: process.stdout.columns }
        : undefined,
    onResize: (listener) => {
      process.stdout.on('resize', listener);
      return () => process.stdout.off('resize', listener);
    },
    onSignal: (listener) => {
      const handler = (signal: NodeJS.Signals): void => {
        listener(signal);
      };
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

/**
 * Index of the first operand in `args`, skipping the options (and their values) that any of
 * `commands` declares.
 */
function firstOperand(args: readonly string[], commands: readonly Command[], from = 0): number {
  const options = commands.flatMap((c) => c.options);
  for (let i = from; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return i;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.startsWith('--') && a.includes('=')) continue;
    const option = options.find((o) => o.short === a || o.long === a);
    if (option !== undefined && option.required) i++;
  }
  return args.length;
}

/**
 * A command whose arguments after its first operand are never options (`exec web ls -l`), as
 * docker compose parses `exec` and `run`; its boolean flags also take `=false` (`-i=false`).
 */
export class CommandArgumentsAfterOperand extends BoolValueCommand {
  override parseOptions(args: string[]): ParseOptionsResult {
    const at = firstOperand(args, [this]);
    const head = super.parseOptions(args.slice(0, at));
    let rest = args.slice(at);
    if (rest[0] === '--') rest = rest.slice(1);
    return { operands: [...head.operands, ...rest], unknown: head.unknown };
  }
}

/**
 * Keeps the program from taking global flags out of `cmd`'s command arguments: the program only
 * parses what comes before `cmd`'s first operand (`flotilla exec web mkdir -p /x` must not read
 * `-p /x` as the project name).
 */
export function keepArgumentsAfterOperand(program: Command, cmd: Command): void {
  const original = program.parseOptions.bind(program);
  program.parseOptions = (args: string[]): ParseOptionsResult => {
    const at = firstOperand(args, [program]);
    if (args[at] !== cmd.name()) return original(args);
    const operand = firstOperand(args, [program, cmd], at + 1);
    const head = original(args.slice(0, operand));
    return { operands: head.operands, unknown: [...head.unknown, ...args.slice(operand)] };
  };
}
