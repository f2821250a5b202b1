// Which code cache a command line gets (see boot.ts): the light one serves commands that read no
// compose file.
import { GLOBAL_VALUE_FLAGS } from './global-value-flags.js';

/** Verbs that work from the engine's labels when `-p` names the project and no `-f` is given. */
const LABEL_VERBS = new Set([
  'down',
  'kill',
  'logs',
  'pause',
  'ps',
  'restart',
  'rm',
  'start',
  'stop',
  'unpause',
  'volumes',
  'wait',
]);

/**
 * True when the command will not read a compose file (`ls`, or `ps -p NAME` without `-f`), so
 * that the light code cache serves it. A wrong guess costs time, never correctness.
 */
export function readsNoComposeFile(argv: readonly string[]): boolean {
  let named = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return false;
    if (!arg.startsWith('-') || arg === '-') {
      return arg === 'ls' || (named && LABEL_VERBS.has(arg));
    }
    const flag = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (flag === '-f' || flag === '--file') return false;
    if (flag === '-p' || flag === '--project-name' || /^-p./.test(arg)) named = true;
    if (GLOBAL_VALUE_FLAGS.has(arg)) i++;
  }
  return false;
}
