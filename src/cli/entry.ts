/**
 * The CLI bundle's entry (dist/cli/flotilla.cjs): every command. main.ts answers `version`
 * alone and loads this bundle through the code cache for everything else (see boot.ts).
 */
export { runCli } from './program.js';
