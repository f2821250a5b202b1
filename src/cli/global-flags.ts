// The global flags of the CLI: declared on the program (and copied onto each command by
// program.ts), read back by the verbs.
import { Option, type Command } from 'commander';
import { addHiddenRootFlags, ansiFlags, type DeprecatedFlags } from './hidden-root-flags.js';

/** Global flags, accepted before the command (and, as with docker compose, after it). */
export interface GlobalFlags extends DeprecatedFlags {
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
  verbose?: boolean;
  insecureRegistry?: string[];
}

/** Commander's collector for repeatable options (`-f a -f b`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds the global flags to a command. */
export function withGlobalFlags(cmd: Command): Command {
  cmd
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
  return addHiddenRootFlags(cmd);
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
  const flags = merged as unknown as Partial<GlobalFlags>;
  flags.file ??= [];
  flags.profile ??= [];
  // `--workdir` is the deprecated project directory, except where a command has its own
  // (`run -w`, inside the container).
  delete flags.workdir;
  for (const c of chain) {
    const own = c.options.find((o) => o.long === '--workdir');
    const value = c.opts<{ workdir?: string }>().workdir;
    if (own?.hidden === true && value !== undefined) flags.workdir = value;
  }
  flags.projectDirectoryGiven = flags.projectDirectory !== undefined;
  flags.projectDirectory ??= flags.workdir;
  const ansi = ansiFlags(chain);
  if (ansi.noAnsi) {
    flags.noAnsi = true;
    flags.ansiGiven = ansi.ansi;
    flags.ansi = ansi.ansi === undefined || ansi.ansi === 'auto' ? 'never' : ansi.ansi;
  }
  return flags as GlobalFlags;
}
