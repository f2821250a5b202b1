/**
 * The flotilla executable (dist/cli/main.js). `version` is answered without loading anything
 * else, so that the most frequent scripted call costs little more than starting node; every
 * other command loads the CLI bundle through the build's V8 code cache (boot.ts) and runs it.
 */
import { join } from 'node:path';
import { loadBundle } from './boot.js';
import { endOnClosedStdout } from './closed-stdout.js';
import { COMPOSE_VERSION, VERSION_LINE } from './version.js';

/** Set by the build: the id of the bundle this executable was built with. */
declare const FLOTILLA_BUNDLE_ID: string;

interface CliBundle {
  runCli(argv: readonly string[]): Promise<number>;
}

function fastVersion(args: readonly string[]): string | undefined {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    return `${VERSION_LINE}\n`;
  }
  if (args[0] !== 'version') return undefined;
  const rest = args.slice(1);
  if (rest.length === 0) return `${VERSION_LINE}\n`;
  if (rest.length === 1 && rest[0] === '--short') return `${COMPOSE_VERSION}\n`;
  return undefined;
}

/** flotilla's own arguments: after docker's flags when run as a plugin or given them standalone. */
async function ownArgs(raw: readonly string[]): Promise<string[]> {
  // Run by docker as the `compose` plugin: docker's own flags come first, then `compose`.
  if (process.env.DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND !== undefined) {
    return (await import('./plugin.js')).enterPluginMode(raw);
  }
  // Run directly: docker's flags (-H, --context, ...) or a `compose` word may come first.
  if (
    raw[0] === 'compose' ||
    (raw.length > 0 && raw[0].startsWith('-') && fastVersion(raw) === undefined)
  ) {
    return (await import('./plugin.js')).enterStandaloneMode(raw);
  }
  return [...raw];
}

async function main(): Promise<void> {
  endOnClosedStdout();
  let argv: string[];
  try {
    argv = await ownArgs(process.argv.slice(2));
  } catch (err) {
    // A docker flag without its value: docker's own wording, status 1.
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const fast = fastVersion(argv);
  if (fast !== undefined) {
    process.stdout.write(fast);
    return;
  }
  const cli = loadBundle(
    join(__dirname, 'flotilla.cjs'),
    join(__dirname, 'flotilla.cjs.cache'),
    FLOTILLA_BUNDLE_ID,
  ) as CliBundle;
  process.exitCode = await cli.runCli(argv);
}

void main();
