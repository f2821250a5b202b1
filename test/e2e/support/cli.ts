// Running the built flotilla CLI from the end-to-end tests.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '../../..');
/** The executable the tests run, as a user would. */
export const flotillaBin = join(repoRoot, 'bin/flotilla.js');

/** Builds the CLI when it is missing (a test file run on its own, before `npm run build`). */
export function ensureBuilt(): void {
  if (!existsSync(join(repoRoot, 'dist/cli/main.js'))) {
    spawnSync(process.execPath, ['scripts/build.mjs', '--no-lib'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  }
}

/** Exit status and output of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flotilla ARGS` with `env`; resolves with its status and output, never rejects. */
export function runFlotilla(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [flotillaBin, ...args],
      { env: options.env, cwd: options.cwd, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}
