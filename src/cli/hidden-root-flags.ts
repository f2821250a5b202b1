// docker compose's hidden root flags (cmd/compose/compose.go): `--no-ansi` and `--workdir`
// (deprecated: they warn, and conflict with the flags that replace them), `--verbose` (more log
// output) and `--insecure-registry` (for compose files pulled as OCI artifacts). Accepted in
// plugin and standalone mode alike, before the command and after it.
import { Option, type Command } from 'commander';
import { ComposeError } from '../api/errors.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** What the command line said about `--ansi` and `--no-ansi`, in any order. */
interface AnsiSeen {
  noAnsi: boolean;
  /** The last `--ansi` value given, whatever came after it. */
  ansi?: string;
}

const seen = new WeakMap<Command, AnsiSeen>();

/**
 * Adds the hidden root flags to a command. `--verbose` changes nothing here: docker compose
 * raises its log level to trace, and flotilla writes no debug or trace lines. `--insecure-registry`
 * only matters for `oci://` compose files, which flotilla does not load.
 */
export function addHiddenRootFlags(cmd: Command): Command {
  cmd
    .addOption(
      new Option('--no-ansi', 'Do not print ANSI control characters (DEPRECATED)').hideHelp(),
    )
    .addOption(new Option('--verbose', 'Show more output').hideHelp())
    .addOption(
      new Option(
        '--insecure-registry <registry>',
        'Use insecure registry to pull Compose OCI artifacts',
      )
        .argParser(collect)
        .hideHelp(),
    );
  trackAnsi(cmd);
  return cmd;
}

/**
 * Follows `--ansi` and `--no-ansi` on `cmd` (also on the copies of the global flags a
 * subcommand takes after its name): commander keeps only the last of the two, docker compose
 * refuses them together.
 */
export function trackAnsi(cmd: Command): void {
  const state = (): AnsiSeen => {
    let s = seen.get(cmd);
    if (s === undefined) {
      s = { noAnsi: false };
      seen.set(cmd, s);
    }
    return s;
  };
  cmd.on('option:ansi', (value: string) => {
    state().ansi = value;
  });
  cmd.on('option:no-ansi', () => {
    state().noAnsi = true;
  });
}

/** The ANSI flags given on a command and its parents. */
export function ansiFlags(chain: readonly Command[]): AnsiSeen {
  const out: AnsiSeen = { noAnsi: false };
  for (const c of chain) {
    const s = seen.get(c);
    if (s === undefined) continue;
    out.noAnsi ||= s.noAnsi;
    if (s.ansi !== undefined) out.ansi = s.ansi;
  }
  return out;
}

/** The deprecated flags as the global flags carry them. */
export interface DeprecatedFlags {
  noAnsi?: boolean;
  /** The `--ansi` value given next to `--no-ansi`, if any. */
  ansiGiven?: string;
  workdir?: string;
  projectDirectory?: string;
  /** Whether `--project-directory` itself was given (not taken from `--workdir`). */
  projectDirectoryGiven?: boolean;
}

/**
 * docker compose's checks and warnings for the deprecated root flags.
 * @returns the warnings to print on stderr, one line each, as docker compose words them
 * @throws {ComposeError} `USAGE` when a deprecated flag is given with the one replacing it
 */
export function deprecatedFlagWarnings(g: DeprecatedFlags): string[] {
  const warnings: string[] = [];
  if (g.noAnsi === true) {
    if (g.ansiGiven !== undefined && g.ansiGiven !== 'auto') {
      throw new ComposeError(
        'USAGE',
        'cannot specify DEPRECATED "--no-ansi" and "--ansi". Please use only "--ansi"',
      );
    }
    warnings.push("option '--no-ansi' is DEPRECATED ! Please use '--ansi' instead.");
  }
  if (g.workdir !== undefined && g.workdir !== '') {
    if (g.projectDirectoryGiven === true) {
      throw new ComposeError(
        'USAGE',
        'cannot specify DEPRECATED "--workdir" and "--project-directory". Please use only "--project-directory" instead',
      );
    }
    warnings.push(
      "option '--workdir' is DEPRECATED at root level! Please use '--project-directory' instead.",
    );
  }
  return warnings;
}
