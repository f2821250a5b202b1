// Runs node's test runner (through tsx) over every *.test.ts below the given folders.
// Usage: node scripts/run-tests.mjs [--concurrency N] [--timeout MS] [folder|file ...]   (default: src)
// Folders may be src/ (unit tests) or test/e2e/ (engine-backed scenarios); support/ and testdata/
// folders hold helpers and fixtures, not tests.
// Environment: FLOTILLA_TEST_TIMEOUT_FACTOR multiplies --timeout (default 1), for slow or busy
// machines; the e2e helpers (test/e2e/support/timing.ts) scale their own limits by it too.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
let concurrency;
let timeout;
const roots = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--concurrency') concurrency = argv[++i];
  else if (argv[i] === '--timeout') timeout = argv[++i];
  else roots.push(argv[i]);
}
if (roots.length === 0) roots.push('src');

function collect(p, out) {
  if (statSync(p).isFile()) {
    out.push(p);
    return out;
  }
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'testdata') continue;
    const full = join(p, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = roots.flatMap((r) => collect(r, [])).sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const args = [
  '--import',
  'tsx',
  '--test',
  `--test-reporter=${process.env.FLOTILLA_TEST_REPORTER ?? 'dot'}`,
  '--test-reporter-destination=stdout',
  `--test-reporter=${pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'test-summary-reporter.mjs')).href}`,
  '--test-reporter-destination=stdout',
];
if (concurrency) args.push(`--test-concurrency=${concurrency}`);
const factor = Number(process.env.FLOTILLA_TEST_TIMEOUT_FACTOR ?? '1');
if (timeout) {
  const scaled = Math.round(
    Number(timeout) * (Number.isFinite(factor) && factor >= 1 ? factor : 1),
  );
  args.push(`--test-timeout=${scaled}`);
}
const r = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
