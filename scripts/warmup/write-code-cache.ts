// Writes the CLI's V8 code cache (see src/cli/boot.ts). Run by scripts/build.mjs, bundled into
// a temporary file, never shipped: it loads the bundle as the executable does, but compiled
// afresh, runs the CLI on the warm-up command lines, and saves every function that ran.
//
// Usage: node write-code-cache.cjs BUNDLE CACHE BUILD_ID RUNS
//   RUNS: JSON [{ "args": [...], "env": {...}, "status": N }], run in order in this process
import { writeFileSync } from 'node:fs';
import { cacheHeader, runBundle } from '../../src/cli/boot.js';

interface CliBundle {
  runCli(argv: readonly string[]): Promise<number>;
}

interface WarmUp {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly status: number;
}

async function main(): Promise<void> {
  const [bundle, cache, buildId, runs] = process.argv.slice(2);
  const { script, exports } = runBundle(bundle);
  for (const run of JSON.parse(runs) as WarmUp[]) {
    Object.assign(process.env, run.env);
    const status = await (exports as CliBundle).runCli(run.args);
    process.exitCode = undefined;
    if (status !== run.status) {
      throw new Error(
        `flotilla ${run.args.join(' ')}: status ${String(status)}, not ${String(run.status)}`,
      );
    }
  }
  writeFileSync(
    cache,
    Buffer.concat([Buffer.from(cacheHeader(buildId)), script.createCachedData()]),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`write-code-cache: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
