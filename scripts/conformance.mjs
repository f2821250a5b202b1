// Runs the Compose loader conformance corpus through the flotilla CLI, as the corpus README
// describes: every case's files, environment and options become a `flotilla ... config
// --format json` run in the case folder, whose output (or error) is compared with the case.
//
// Usage: node scripts/conformance.mjs [--verbose] [--only NAME_SUBSTRING] [--write-failures]
// The corpus is read from $FLOTILLA_CONFORMANCE_DIR, default ../shared/conformance (beside the
// repository); $FLOTILLA_CLI names another CLI bundle than dist/cli/main.js. Known failures are listed, with their reason, in conformance-failures.json (an
// object: case name -> reason). The run fails (exit 1) when a case outside that list fails, when
// a listed case passes, when a listed name is not a case of the corpus, or when an error case is
// accepted by the loader (listed or not). Exit 2: no corpus, or the CLI is not built.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const writeFailures = args.includes('--write-failures');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const corpus = process.env.FLOTILLA_CONFORMANCE_DIR ?? join(root, '..', 'shared', 'conformance');
if (!existsSync(join(corpus, 'cases'))) {
  console.error(
    `conformance: the corpus is absent: no ${join(corpus, 'cases')} (set FLOTILLA_CONFORMANCE_DIR to the folder holding cases/); nothing was run`,
  );
  process.exit(2);
}
const casesDir = realpathSync(join(corpus, 'cases'));
const cli = process.env.FLOTILLA_CLI ?? join(root, 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  console.error('conformance: the CLI is not built; run `node scripts/build.mjs` first');
  process.exit(2);
}
const failuresFile = join(root, 'conformance-failures.json');
const known = existsSync(failuresFile) ? JSON.parse(readFileSync(failuresFile, 'utf8')) : {};
if (known === null || typeof known !== 'object' || Array.isArray(known)) {
  console.error(`conformance: ${failuresFile} must be a JSON object (case name -> reason)`);
  process.exit(2);
}
/** A case that runs longer than this is a failure (an endless loop, a prompt, ...). */
const CASE_TIMEOUT_MS = 30_000;

function substitute(value, caseDir, home) {
  if (typeof value === 'string') {
    return value.replaceAll('${CASE_DIR}', caseDir).replaceAll('${HOME}', home);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, caseDir, home));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value))
      out[substitute(k, caseDir, home)] = substitute(v, caseDir, home);
    return out;
  }
  return value;
}

function unescapeDollars(value) {
  if (typeof value === 'string') return value.replaceAll('$$', '$');
  if (Array.isArray(value)) return value.map(unescapeDollars);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[unescapeDollars(k)] = unescapeDollars(v);
    return out;
  }
  return value;
}

function commandLine(spec) {
  const argv = [];
  for (const f of spec.files ?? []) argv.push('-f', f);
  if (spec.projectName) argv.push('-p', spec.projectName);
  for (const p of spec.profiles ?? []) argv.push('--profile', p);
  for (const e of spec.envFiles ?? []) argv.push('--env-file', e);
  if (spec.workingDir !== undefined) argv.push('--project-directory', spec.workingDir);
  if (spec.allResources) argv.push('--all-resources');
  argv.push('config', '--format', 'json');
  for (const s of spec.services ?? []) argv.push(s);
  return argv;
}

function run(name) {
  const caseDir = join(casesDir, name);
  const spec = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
  const home = join(caseDir, '.home-not-used');
  const env = { HOME: home, ...spec.env };
  const argv = commandLine(spec);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--', cli, ...argv], {
      cwd: caseDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CASE_TIMEOUT_MS);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = {
        name,
        category: spec.category ?? 'unknown',
        spec,
        code,
        stdout,
        stderr,
        argv,
      };
      if (timedOut)
        return resolve({ ...result, ok: false, why: `timed out after ${CASE_TIMEOUT_MS} ms` });
      if (spec.expectError !== undefined) {
        if (code === 0)
          return resolve({
            ...result,
            ok: false,
            why: 'loaded, but an error was expected',
            accepted: true,
          });
        if (!stderr.includes(spec.expectError)) {
          return resolve({
            ...result,
            ok: false,
            why: `error text lacks ${JSON.stringify(spec.expectError)}`,
          });
        }
        return resolve({ ...result, ok: true });
      }
      if (code !== 0)
        return resolve({
          ...result,
          ok: false,
          why: `exit ${code}: ${stderr.trim().split('\n')[0]}`,
        });
      let actual;
      try {
        actual = JSON.parse(stdout);
      } catch {
        return resolve({ ...result, ok: false, why: 'output is not JSON' });
      }
      // `config` doubles every `$` of its output (docker compose does, so that the output
      // reads back to the same model); `expect` holds the model before that escaping.
      actual = unescapeDollars(actual);
      const expect = substitute(spec.expect, caseDir, home);
      if (!isDeepStrictEqual(actual, expect)) {
        return resolve({
          ...result,
          ok: false,
          why: `output differs: ${firstDifference(expect, actual, '')}`,
          actual,
          expect,
        });
      }
      resolve({ ...result, ok: true });
    });
  });
}

function firstDifference(a, b, path) {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a)) return `${path}.${k} unexpected: ${JSON.stringify(b[k])?.slice(0, 120)}`;
      if (!(k in b))
        return `${path}.${k} missing (expected ${JSON.stringify(a[k])?.slice(0, 120)})`;
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || '.'}: expected ${JSON.stringify(a)?.slice(0, 120)}, got ${JSON.stringify(b)?.slice(0, 120)}`;
}

const names = readdirSync(casesDir)
  .filter((n) => existsSync(join(casesDir, n, 'case.json')))
  .filter((n) => !only || n.includes(only))
  .sort();

const results = [];
const queue = [...names];
// Each case is one CLI process: one worker per core (at least two) keeps them all busy.
const workers = Array.from({ length: Math.max(2, availableParallelism()) }, async () => {
  while (queue.length > 0) results.push(await run(queue.shift()));
});
await Promise.all(workers);
results.sort((a, b) => a.name.localeCompare(b.name));

const failed = results.filter((r) => !r.ok);
const unexpected = failed.filter((r) => !Object.hasOwn(known, r.name));
const stale = Object.keys(known).filter((n) => results.some((r) => r.name === n && r.ok));
const allNames = new Set(readdirSync(casesDir));
const unknownNames = Object.keys(known).filter((n) => !allNames.has(n));
const accepted = failed.filter((r) => r.accepted);

for (const r of failed) {
  const listed = Object.hasOwn(known, r.name);
  if (verbose || !listed) console.log(`${listed ? 'known' : 'FAIL '} ${r.name}: ${r.why}`);
  if (verbose && r.stderr) {
    console.log(`      stderr: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  }
}

const categories = new Map();
for (const r of results) {
  const c = categories.get(r.category) ?? { passed: 0, failed: 0 };
  if (r.ok) c.passed++;
  else c.failed++;
  categories.set(r.category, c);
}
console.log('per category (passed/total):');
for (const [category, c] of [...categories].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${category.padEnd(14)} ${c.passed}/${c.passed + c.failed}`);
}
const passed = results.length - failed.length;
console.log(`${passed} passed, ${failed.length} failed`);

if (writeFailures) {
  const passing = new Set(results.filter((r) => r.ok).map((r) => r.name));
  // With --only, entries of cases that did not run are kept.
  const out = only
    ? Object.fromEntries(Object.entries(known).filter(([n]) => !passing.has(n)))
    : {};
  for (const r of failed) out[r.name] = known[r.name] ?? `TODO: ${r.why}`;
  const sorted = Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(failuresFile, JSON.stringify(sorted, null, 2) + '\n');
  console.log(`wrote ${failuresFile}`);
  process.exit(0);
}

let exit = 0;
if (unexpected.length > 0) {
  console.log(
    `${unexpected.length} case(s) fail that conformance-failures.json does not list: ${unexpected.map((r) => r.name).join(', ')}`,
  );
  exit = 1;
}
if (stale.length > 0) {
  console.log(
    `listed as failing but now passing (remove from conformance-failures.json): ${stale.join(', ')}`,
  );
  exit = 1;
}
if (unknownNames.length > 0) {
  console.log(
    `listed in conformance-failures.json but not in the corpus: ${unknownNames.join(', ')}`,
  );
  exit = 1;
}
if (accepted.length > 0) {
  console.log(
    `error cases the loader accepts (never allowed, listed or not): ${accepted.map((r) => r.name).join(', ')}`,
  );
  exit = 1;
}
process.exit(exit);
