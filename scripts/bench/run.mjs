// Runs the benchmark workloads (scripts/bench/workloads.mjs) and prints, per workload, a table
// of min/median/max wall times with ratios against the floor measured in the same rounds,
// then whether each target is met. Targets are reported, not asserted: the exit status is 1
// only when a measured command itself fails, 2 on a usage error.
//
// Usage: node scripts/bench/run.mjs [--only NAME[,NAME...]] [--rounds N] [--warmup N]
//                                   [--json FILE] [--list]
// `npm run bench` (scripts/bench.sh) installs and builds what is needed first.
//
// FLOTILLA_BENCH_BASE=path/to/bin/flotilla.js adds, beside each flotilla row, the same command
// run by that other build as a `[base]` reference row, measured in the same interleaved rounds:
// an A/B comparison of two builds that holds on a busy machine.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './generate.mjs';
import { evaluateTargets, formatResult, measure } from './harness.mjs';
import { composeV2Version } from './tools.mjs';
import { which, workloads } from './workloads.mjs';

function usage(message) {
  if (message) console.error(`bench: ${message}`);
  console.error(
    'usage: node scripts/bench/run.mjs [--only NAME[,NAME...]] [--rounds N] [--warmup N] [--json FILE] [--list]',
  );
  console.error(`workloads: ${workloads.map((w) => w.name).join(', ')}`);
  process.exit(2);
}

const opts = { only: undefined, rounds: undefined, warmup: undefined, json: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  const count = () => {
    const v = value();
    if (!/^\d+$/.test(v)) usage(`${a} needs a whole number, got '${v}'`);
    return Number(v);
  };
  if (a === '--only') opts.only = value().split(',');
  else if (a === '--rounds') opts.rounds = count();
  else if (a === '--warmup') opts.warmup = count();
  else if (a === '--json') opts.json = value();
  else if (a === '--list') {
    for (const w of workloads) console.log(`${w.name.padEnd(12)} ${w.description}`);
    process.exit(0);
  } else if (a === '--help' || a === '-h') usage();
  else usage(`unknown argument '${a}'`);
}

if (opts.rounds === 0) usage('--rounds must be at least 1');
const unknown = (opts.only ?? []).filter((n) => !workloads.some((w) => w.name === n));
if (unknown.length) usage(`unknown workload ${unknown.map((n) => `'${n}'`).join(', ')}`);
const selected = workloads
  .filter((w) => !opts.only || opts.only.includes(w.name))
  .map((w) => withBase(w, process.env.FLOTILLA_BENCH_BASE));

/** `workload` with a `[base]` twin of each flotilla row when a base build is given. */
function withBase(workload, base) {
  if (!base) return workload;
  const entry = resolve(process.env.FLOTILLA_BENCH_BIN ?? join(repoRoot, 'bin', 'flotilla.js'));
  return {
    ...workload,
    rows: (ctx) =>
      workload.rows(ctx).flatMap((row) => {
        const at = row.args?.indexOf(entry) ?? -1;
        if (at === -1 || row.role === 'floor') return [row];
        const args = row.args.with(at, resolve(base));
        return [
          row,
          { ...row, id: `${row.id}-base`, label: `${row.label} [base]`, role: 'reference', args },
        ];
      }),
  };
}

function toolVersion(cmd, args) {
  const path = which(cmd);
  if (!path) return 'not installed';
  try {
    return execFileSync(path, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  } catch {
    return 'installed (version unknown)';
  }
}

const cpu = cpus();
console.log('flotilla benchmarks: whole processes, wall time, interleaved rounds');
console.log(
  `machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} CPUs, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; ` +
    `docker compose v2: ${composeV2Version()}; ` +
    `docker-compose: ${toolVersion('docker-compose', ['version', '--short'])}`,
);

const results = [];
let failed = false;
for (const workload of selected) {
  const result = await measure(workload, {
    rounds: opts.rounds,
    warmup: opts.warmup,
    // Progress on a terminal only, overwritten in place and cleared before the table.
    log: process.stderr.isTTY ? (line) => process.stderr.write(`\x1b[2K  ${line}\r`) : undefined,
  });
  if (process.stderr.isTTY) process.stderr.write('\x1b[2K');
  console.log(`\n${formatResult(result)}`);
  if (result.rows.some((r) => r.failed)) failed = true;
  results.push({ ...result, targets: evaluateTargets(result) });
}

if (opts.json) {
  writeFileSync(opts.json, `${JSON.stringify({ node: process.version, results }, null, 2)}\n`);
  console.log(`\nresults written to ${opts.json}`);
}
if (failed) {
  console.log('\nsome commands failed: their rows have no figures (see "failed commands" above)');
  process.exitCode = 1;
}
