// The engine dying under the commands that follow it, on a private engine the test kills with
// SIGKILL (support/private-engine.ts): `logs -f`, `events`, `stats`, `attach`, `wait`, attached
// `up` and `watch` each end within seconds with a non-zero status and a message that names the
// engine's address and says the connection was lost. A container that stops is a normal end:
// `logs -f` and `wait` of a service that finishes end with status 0.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureBuilt, flotillaBin } from './support/cli.js';
import { eventually } from './support/engine.js';
import { startPrivateEngine, type PrivateEngine } from './support/private-engine.js';

const dir = join(import.meta.dirname, 'testdata/reliability-engine-death');
const project = 'death';
let engine!: PrivateEngine;
let started: PrivateEngine | undefined;

after(() => started?.cleanup());

before(async () => {
  ensureBuilt();
  engine = started = await startPrivateEngine('death');
  const up = cli(['up', '-d']);
  assert.equal(up.status, 0, up.stderr);
});

function cli(args: readonly string[]) {
  return spawnSync(process.execPath, [flotillaBin, '-p', project, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...engine.env, COMPOSE_PROGRESS: 'plain', NO_COLOR: '1' },
    timeout: 120_000,
  });
}

interface Follower {
  readonly args: readonly string[];
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  readonly pid: number | undefined;
}

/** `flotilla -p death ARGS` in the background, its output collected as it comes. */
function follow(args: readonly string[]): Follower {
  const child = spawn(process.execPath, [flotillaBin, '-p', project, ...args], {
    cwd: dir,
    env: { ...engine.env, COMPOSE_PROGRESS: 'plain', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (done) =>
      child.on('close', (code, signal) => {
        done({ code, signal, at: Date.now() });
      }),
  );
  return { args, out, exited, pid: child.pid };
}

async function exitWithin(f: Follower, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      f.exited,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new Error(
              `${f.args.join(' ')} did not end within ${ms} ms:\n${f.out.stderr.slice(-2000)}`,
            ),
          );
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const apiCalls = (pattern: RegExp): number => engine.log().match(pattern)?.length ?? 0;

test('logs -f and wait of a service that finishes end normally, with status 0', async () => {
  const start = cli(['start', 'once']);
  assert.equal(start.status, 0, start.stderr);
  const logs = follow(['logs', '-f', 'once']);
  const wait = follow(['wait', 'once']);
  const [l, w] = await Promise.all([exitWithin(logs, 60_000), exitWithin(wait, 60_000)]);
  assert.equal(l.code, 0, logs.out.stderr);
  assert.match(logs.out.stdout, /once-ran/);
  assert.equal(w.code, 0, wait.out.stderr);
  assert.match(wait.out.stdout, /exited with status code 0/);
});

test('every follower ends within seconds, non-zero, naming the engine, when it dies', async (t) => {
  const running = await engine.engine.containers.list({ filters: { name: [`${project}-talk-1`] } });
  assert.equal(running.length, 1, 'talk runs');
  const talk = running[0];
  const before = apiCalls(/Calling GET \/v[\d.]+\/events/g);
  const followers = {
    wait: follow(['wait', 'talk']),
    logs: follow(['logs', '-f']),
    events: follow(['events']),
    stats: follow(['stats']),
    attach: follow(['attach', '--no-stdin', 'talk']),
    up: follow(['up', 'talk']),
    watch: follow(['watch', '--no-up', 'talk']),
  };
  const sees = (f: Follower, text: string | RegExp) => () =>
    Promise.resolve(
      typeof text === 'string' ? f.out.stdout.includes(text) : text.test(f.out.stdout),
    );
  // Each one follows the engine before it dies: polled on what each prints, and on the
  // engine's own log of the calls that print nothing.
  await eventually(sees(followers.logs, 'talk-'), 'logs -f to print talk', 60_000);
  await eventually(sees(followers.attach, 'talk-'), 'attach to print talk', 60_000);
  await eventually(sees(followers.up, /talk-1 +\| talk-/), 'up to print talk', 60_000);
  await eventually(sees(followers.stats, `${project}-talk-1`), 'stats to print', 60_000);
  await eventually(sees(followers.watch, 'Watch enabled'), 'watch to start', 60_000);
  await eventually(
    () => Promise.resolve(engine.log().includes(`/containers/${talk.Id}/wait`)),
    'wait to wait for talk',
    60_000,
  );
  // events: a pause and an unpause of poke, seen by the events command.
  const paused = cli(['pause', 'poke']);
  assert.equal(paused.status, 0, paused.stderr);
  cli(['unpause', 'poke']);
  await eventually(sees(followers.events, / container pause /), 'events to print a pause', 60_000);
  // logs -f, events, up and watch's own watch on the engine: four event streams.
  await eventually(
    () => Promise.resolve(apiCalls(/Calling GET \/v[\d.]+\/events/g) - before >= 4),
    'four event streams',
    60_000,
  );

  const killed = Date.now();
  await engine.kill();
  const address = engine.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const [name, f] of Object.entries(followers)) {
    const end = await exitWithin(f, 60_000);
    const seconds = (end.at - killed) / 1000;
    assert.equal(end.signal, null, `${name} ended by ${String(end.signal)}`);
    assert.ok(end.code !== 0 && end.code !== null, `${name} exited ${String(end.code)}`);
    assert.match(
      f.out.stderr,
      new RegExp(`the connection to the Docker engine at ${address} was lost`),
      `${name}: ${f.out.stderr.slice(-1500)}`,
    );
    assert.doesNotMatch(f.out.stderr, /^\s+at /m, `${name} printed a stack trace`);
    // Within seconds: generous for a busy machine, far below following on for ever.
    assert.ok(seconds < 30, `${name} ended ${seconds} s after the engine died`);
    t.diagnostic(
      `${name}: status ${String(end.code)} after ${seconds} s: ${f.out.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  }
});
