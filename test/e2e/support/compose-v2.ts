// docker compose v2 itself (Debian 13's 2.26.1, fetched by scripts/setup/compose-v2.sh into a
// private DOCKER_CONFIG) for the interop tests, run side by side with flotilla.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, type CliResult } from './cli.js';

let configDir: string | undefined;

/**
 * The DOCKER_CONFIG directory whose cli-plugins hold docker compose 2.26.1 (set up on first
 * use; a no-op when scripts/e2e.sh already ran the set-up).
 */
export function composeV2Config(): string {
  configDir ??= execFileSync(
    'bash',
    [join(repoRoot, 'scripts/setup/compose-v2.sh'), '--print-dir'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  ).trim();
  return configDir;
}

/**
 * Runs `docker compose ARGS` (2.26.1) with `env` added to this process's environment; resolves
 * with its status and output, never rejects.
 */
export function runComposeV2(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const env = { ...process.env, ...options.env, DOCKER_CONFIG: composeV2Config() };
  return new Promise((done) => {
    execFile(
      'docker',
      ['compose', ...args],
      { env, cwd: options.cwd, maxBuffer: 16 << 20, timeout: options.timeoutMs ?? 300_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        done({ code, stdout, stderr });
      },
    );
  });
}
