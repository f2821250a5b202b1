// Time limits of the end-to-end tests, scaled for slow or busy machines: every limit a test
// sets (a wait for a state, a child process's deadline) is multiplied by
// FLOTILLA_TEST_TIMEOUT_FACTOR (default 1), the same factor scripts/run-tests.mjs applies to the
// per-file limit.

/** The factor limits are multiplied by: FLOTILLA_TEST_TIMEOUT_FACTOR, at least 1. */
export function timeoutFactor(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.FLOTILLA_TEST_TIMEOUT_FACTOR ?? '1');
  return Number.isFinite(value) && value >= 1 ? value : 1;
}

/**
 * A time limit for this machine: `ms` times {@link timeoutFactor}.
 * @example scaled(10_000) // 30_000 with FLOTILLA_TEST_TIMEOUT_FACTOR=3
 */
export function scaled(ms: number): number {
  return Math.round(ms * timeoutFactor());
}
