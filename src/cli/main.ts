/**
 * The flotilla executable. `version` is answered without loading anything else, so that the
 * most frequent scripted call costs little more than starting node; every other command loads
 * the argument parser and then only its own module.
 */
import { FLOTILLA_VERSION } from './version.js';

// Run by docker as the `compose` plugin: docker's own flags come first, then `compose`.
const argv =
  process.env.DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND === undefined
    ? process.argv.slice(2)
    : (await import('./plugin.js')).enterPluginMode(process.argv.slice(2));

function fastVersion(args: readonly string[]): string | undefined {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    return `flotilla version v${FLOTILLA_VERSION}\n`;
  }
  if (args[0] !== 'version') return undefined;
  const rest = args.slice(1);
  if (rest.length === 0) return `flotilla version v${FLOTILLA_VERSION}\n`;
  if (rest.length === 1 && rest[0] === '--short') return `${FLOTILLA_VERSION}\n`;
  return undefined;
}

const fast = fastVersion(argv);
if (fast !== undefined) {
  process.stdout.write(fast);
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await runCli(argv);
}
