import { GLOBAL_VALUE_FLAGS } from './global-value-flags.js';

/** The verb of a command line: its first argument that is neither a global flag nor a flag's value. */
export function findVerb(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return argv[i + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
  }
  return undefined;
}
