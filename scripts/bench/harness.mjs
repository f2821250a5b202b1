// The timing harness of `npm run bench`: runs whole processes, in interleaved rounds, and
// reports min/median/max wall time per row plus ratios against the workload's floor.
//
// A workload is { name, description, rounds, warmup, prepare?, cleanup?, rows, targets }:
//   prepare()  async, once before measuring; returns a context object given to rows()
//   cleanup()  async, once after measuring (also after a failure)
//   rows(ctx)  the commands to time, each
//              { id, label, command, args, cwd?, env?, role?, skip?, before?, after?, limitMs? }
//              role 'floor' (one per workload; ratios are against it), 'reference' (shown for
//              comparison) or 'subject' (default). skip() returns a reason to leave the row out
//              (a tool that is not installed). before()/after() are async, untimed, and run
//              around every timed run (for example, `down` after each timed `up`).
//              limitMs (default the workload's, else 180 s): a run that takes longer is killed
//              and the row is shown as `> limit` — measured no further, not a failure.
//   targets    [{ row, of, max, label? }]: median(row) / median(of) must be <= max.
//
// Rounds are interleaved: each round runs every row once, in an order rotated by one each
// round, so slow drifts of the machine (thermal, other load) touch every row alike.
import { spawn } from 'node:child_process';

/** How long a run may take unless its row or workload says otherwise. */
export const DEFAULT_LIMIT_MS = 180_000;

/** A run killed at its row's limit. */
class TimedOut extends Error {
  constructor(row, limitMs) {
    super(`${row.label}: still running after ${fmtMs(limitMs)}; killed`);
    this.limitMs = limitMs;
  }
}

/** The measured processes running now (their process groups are killed on an interrupt). */
const running = new Set();

/** Kills every measured process still running (with its children), for an interrupt. */
export function killRunning() {
  for (const child of running) killGroup(child);
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Variables passed through to measured commands; everything else is left out. */
const PASSED_ENV = ['PATH', 'HOME', 'TMPDIR', 'DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CONTEXT'];

/** A small, fixed environment, so the caller's shell (COMPOSE_*, NODE_OPTIONS) changes nothing. */
export function cleanEnv(extra = {}) {
  const env = { LANG: 'C.UTF-8' };
  for (const k of PASSED_ENV) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

/**
 * Runs one row once. Resolves with the wall time in milliseconds, or rejects with an Error
 * that says how the command failed (exit status and the end of its stderr).
 */
function runOnce(row, { captureStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const stderr = [];
    const stdout = [];
    let stderrBytes = 0;
    const started = process.hrtime.bigint();
    // Its own process group, so that a run killed at the limit takes its children along
    // (`docker compose` runs the plugin as a child of the docker CLI).
    const child = spawn(row.command, row.args, {
      cwd: row.cwd,
      env: row.env ?? cleanEnv(),
      stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
      detached: true,
    });
    running.add(child);
    const limitMs = row.limitMs ?? DEFAULT_LIMIT_MS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, limitMs);
    // The first 16 KiB of stderr and its last 48 KiB (a failure at the end of hundreds of
    // progress lines).
    const stderrEnd = [];
    let endBytes = 0;
    child.stderr.on('data', (chunk) => {
      if (stderrBytes < 16 * 1024) {
        stderr.push(chunk);
        stderrBytes += chunk.length;
        return;
      }
      stderrEnd.push(chunk);
      endBytes += chunk.length;
      while (endBytes - stderrEnd[0].length > 48 * 1024) endBytes -= stderrEnd.shift().length;
    });
    child.stdout?.on('data', (chunk) => stdout.push(chunk));
    child.on('error', (err) => reject(new Error(`${row.label}: cannot start: ${err.message}`)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (timedOut) {
        reject(new TimedOut(row, limitMs));
        return;
      }
      if (code === 0) {
        resolve(ms);
        return;
      }
      // What went wrong is in the first lines (an error message, the head of a stack trace)
      // or, after progress lines, in the last ones (a final error or warning): both are shown.
      const lines = (chunks) =>
        Buffer.concat(chunks)
          .toString('utf8')
          .split('\n')
          .filter((l) => l.trim());
      const ends = (all, first, last) =>
        (all.length <= first + last
          ? all
          : [
              ...all.slice(0, first),
              `... (${all.length - first - last} lines)`,
              ...all.slice(-last),
            ]
        ).join('\n');
      const tail = ends([...lines(stderr), ...lines(stderrEnd)], 4, 8);
      const out = ends(lines(stdout), 4, 0);
      reject(
        new Error(
          `${row.label}: exited with ${signal ?? `status ${code}`}` +
            `\n  command: ${[row.command, ...row.args].join(' ')}` +
            (row.cwd ? `\n  in: ${row.cwd}` : '') +
            (tail ? `\n  stderr: ${tail.replaceAll('\n', '\n          ')}` : '') +
            (out ? `\n  stdout: ${out.replaceAll('\n', '\n          ')}` : ''),
        ),
      );
    });
  });
}

async function timed(row) {
  await row.before?.();
  try {
    return await runOnce(row);
  } finally {
    await row.after?.();
  }
}

/** min, median, max of a list of numbers. */
export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, max: s[s.length - 1], n: s.length };
}

/**
 * Measures one workload.
 * @returns {{ name, rows: Array<{id,label,role,skipped?,failed?,samples?,stats?}>, targets }}
 */
export async function measure(workload, { rounds, warmup, log = () => {} } = {}) {
  const nRounds = rounds ?? workload.rounds ?? 10;
  const nWarmup = warmup ?? workload.warmup ?? 1;
  const ctx = (await workload.prepare?.()) ?? {};
  try {
    const rows = workload
      .rows(ctx)
      .map((row) => ({ role: 'subject', limitMs: workload.limitMs, ...row }));
    const results = new Map();
    const active = [];
    for (const row of rows) {
      const reason = row.skip?.();
      const base = { id: row.id, label: row.label, role: row.role };
      if (reason) {
        results.set(row.id, { ...base, skipped: reason });
        continue;
      }
      // The first run checks that the command works; its output is kept for the error message.
      // With one round and no warm-up (the scale rows: minutes a run), it is the measured run.
      try {
        await row.before?.();
        let ms;
        try {
          ms = await runOnce(row, { captureStdout: true });
        } finally {
          await row.after?.();
        }
        const single = nRounds === 1 && nWarmup === 0;
        results.set(row.id, { ...base, samples: single ? [ms] : [] });
        if (!single) active.push(row);
      } catch (err) {
        if (err instanceof TimedOut) results.set(row.id, { ...base, timedOut: err.limitMs });
        else results.set(row.id, { ...base, failed: err.message });
      }
    }
    for (let r = 0; r < nWarmup + nRounds; r++) {
      log(
        r < nWarmup
          ? `${workload.name}: warm-up ${r + 1}/${nWarmup}`
          : `${workload.name}: round ${r - nWarmup + 1}/${nRounds}`,
      );
      for (let k = 0; k < active.length; k++) {
        const row = active[(k + r) % active.length];
        const result = results.get(row.id);
        if (result.failed || result.timedOut) continue;
        try {
          const ms = await timed(row);
          if (r >= nWarmup) result.samples.push(ms);
        } catch (err) {
          if (err instanceof TimedOut) result.timedOut = err.limitMs;
          else result.failed = err.message;
        }
      }
    }
    for (const result of results.values()) {
      if (result.samples?.length && !result.failed && !result.timedOut) {
        result.stats = stats(result.samples);
      }
    }
    return {
      name: workload.name,
      description: workload.description,
      rows: [...results.values()],
      targets: workload.targets ?? [],
      rounds: nRounds,
    };
  } finally {
    await workload.cleanup?.(ctx);
  }
}

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fmtRatio = (x) => `${x.toFixed(2)}x`;

/** Evaluates a workload's targets: [{ text, pass }] (pass undefined when not measurable). */
export function evaluateTargets(result) {
  const byId = new Map(result.rows.map((r) => [r.id, r]));
  return result.targets.map((t) => {
    const row = byId.get(t.row);
    const of = byId.get(t.of);
    const label = t.label ?? `${row?.label ?? t.row} <= ${t.max}x ${of?.label ?? t.of}`;
    // A row killed at its limit is slower than the limit: that decides some targets.
    if (row?.timedOut && of?.stats) {
      const ratio = row.timedOut / of.stats.median;
      return { text: `${label}: > ${fmtRatio(ratio)} (> ${fmtMs(row.timedOut)})`, pass: false };
    }
    if (of?.timedOut && row?.stats) {
      const ratio = row.stats.median / of.timedOut;
      return {
        text: `${label}: < ${fmtRatio(ratio)} (${fmtMs(row.stats.median)} vs > ${fmtMs(of.timedOut)})`,
        pass: ratio <= t.max,
        ratio,
      };
    }
    if (!row?.stats || !of?.stats) {
      const missing = !row?.stats ? row : of;
      const why = missing?.skipped ? `skipped: ${missing.skipped}` : 'not measured';
      return { text: `${label}: n/a (${missing?.label ?? '?'} ${why})`, pass: undefined };
    }
    const ratio = row.stats.median / of.stats.median;
    const pass = ratio <= t.max;
    return {
      text: `${label}: ${fmtRatio(ratio)} (${fmtMs(row.stats.median)} vs ${fmtMs(of.stats.median)})`,
      pass,
      ratio,
    };
  });
}

/** The result of a workload as a text table, then its targets. */
export function formatResult(result) {
  const floor = result.rows.find((r) => r.role === 'floor' && r.stats);
  // Ratios of medians (what targets use) and of minimums (steadier on a busy machine).
  const head = ['command', 'min', 'median', 'max', 'median/floor', 'min/floor'];
  const lines = [];
  for (const r of result.rows) {
    const name =
      r.role === 'floor'
        ? `${r.label} (floor)`
        : r.role === 'reference'
          ? `${r.label} (reference)`
          : r.label;
    if (r.skipped) lines.push([name, `skipped: ${r.skipped}`]);
    else if (r.failed) lines.push([name, 'FAILED (see below)']);
    else if (r.timedOut) {
      const over = `> ${fmtMs(r.timedOut)}`;
      lines.push([
        name,
        over,
        over,
        over,
        floor ? `> ${fmtRatio(r.timedOut / floor.stats.median)}` : '',
        floor ? `> ${fmtRatio(r.timedOut / floor.stats.min)}` : '',
      ]);
    } else {
      const { min, median, max } = r.stats;
      lines.push([
        name,
        fmtMs(min),
        fmtMs(median),
        fmtMs(max),
        floor ? fmtRatio(median / floor.stats.median) : '',
        floor ? fmtRatio(min / floor.stats.min) : '',
      ]);
    }
  }
  const widths = head.map((h, i) =>
    Math.max(h.length, ...lines.filter((l) => l.length > 2).map((l) => (l[i] ?? '').length)),
  );
  const row = (cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[0]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [
    `## ${result.name}: ${result.description} (${result.rounds} rounds)`,
    '',
    row(head),
    row(widths.map((w) => '-'.repeat(w))),
  ];
  for (const l of lines) out.push(l.length === 2 ? `${l[0].padEnd(widths[0])}  ${l[1]}` : row(l));
  const targets = evaluateTargets(result);
  if (targets.length) {
    out.push('', 'targets (median ratios):');
    for (const t of targets)
      out.push(`  ${t.pass === undefined ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.text}`);
  }
  const failures = result.rows.filter((r) => r.failed);
  if (failures.length) {
    out.push('', 'failed commands:');
    for (const f of failures) out.push(`  ${f.failed.replaceAll('\n', '\n  ')}`);
  }
  return out.join('\n');
}
