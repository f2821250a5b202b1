// Which code cache a command line gets (see boot.ts). Kept apart from the CLI bundle: main.js
// decides before the bundle loads.
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
 * The verbs that get a code cache of their own, written by their first successful run (the
 * build can warm up only what needs no engine). Every verb but `config`, which the build's
 * warm-up serves, and the ones answered before the bundle loads. A unit test keeps this list
 * equal to the CLI's.
 */
export const VERB_CACHES: ReadonlySet<string> = new Set([
  'attach',
  'build',
  'commit',
  'convert',
  'cp',
  'create',
  'down',
  'events',
  'exec',
  'export',
  'images',
  'kill',
  'logs',
  'ls',
  'pause',
  'port',
  'ps',
  'pull',
  'push',
  'restart',
  'rm',
  'run',
  'scale',
  'start',
  'stats',
  'stop',
  'top',
  'unpause',
  'up',
  'volumes',
  'wait',
  'watch',
]);

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

/** The build's cache, warmed up by `config`: for the commands without one of their own. */
export const FULL_CACHE = 'flotilla.cjs.cache';

/**
 * The code cache file (next to the bundle) for `argv`: the light one for commands that read no
 * compose file, the verb's own for the verbs in {@link VERB_CACHES}, otherwise the build's full
 * one (`config`, help, unknown verbs).
 */
export function codeCacheFor(argv: readonly string[]): string {
  if (readsNoComposeFile(argv)) return 'flotilla.cjs.lite.cache';
  const verb = findVerb(argv);
  const help = argv.includes('--help') || argv.includes('-h');
  if (verb !== undefined && VERB_CACHES.has(verb) && !help) return `flotilla.cjs.${verb}.cache`;
  return FULL_CACHE;
}
