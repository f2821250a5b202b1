// Stopping in waves against a fake engine: every running container gets its own stop signal
// before any is killed; at most STOP_WAVE containers are stopped and handed on at once; one that
// ends on its signal is not killed, one that does not is killed once its grace period is over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressEvent } from '../api/events.js';
import type { ContainerSummary, EngineClient } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { EngineError } from '../engine/index.js';
import { retryTransient, STOP_WAVE, stopInWaves } from './stop-waves.js';

interface Fake {
  ctx: ComposeContext;
  log: string[];
  events: ProgressEvent[];
  maxInFlight: () => number;
  enter: () => void;
  leave: () => void;
}

/** An engine whose `stubborn` containers ignore their stop signal; the others end on it. */
function fakeEngine(stubborn: ReadonlySet<string>): Fake {
  const log: string[] = [];
  const events: ProgressEvent[] = [];
  const running = new Set<string>();
  const waiters = new Map<string, (() => void)[]>();
  let inFlight = 0;
  let max = 0;
  const exit = (id: string) => {
    running.delete(id);
    for (const w of waiters.get(id) ?? []) w();
    waiters.delete(id);
  };
  const engine = {
    containers: {
      inspect: (id: string) => {
        running.add(id);
        return Promise.resolve({ Config: { StopSignal: 'SIGQUIT' } });
      },
      kill: (id: string, o: { killSignal?: string }) => {
        log.push(`signal ${id} ${o.killSignal ?? ''}`);
        if (!stubborn.has(id)) exit(id);
        return Promise.resolve();
      },
      wait: (id: string, o: { signal?: AbortSignal }) =>
        new Promise((resolve, reject) => {
          if (!running.has(id)) {
            resolve({ StatusCode: 0 });
            return;
          }
          // The engine's wait is a request that keeps the process alive; so does this timer.
          const alive = setInterval(() => undefined, 1000);
          waiters.set(id, [
            ...(waiters.get(id) ?? []),
            () => {
              clearInterval(alive);
              resolve({ StatusCode: 0 });
            },
          ]);
          o.signal?.addEventListener('abort', () => {
            clearInterval(alive);
            reject(new Error('aborted'));
          });
        }),
      stop: (id: string, o: { timeout?: number }) => {
        log.push(`stop ${id} t=${String(o.timeout)} ${running.has(id) ? 'killed' : 'ended'}`);
        exit(id);
        return Promise.resolve();
      },
    },
  } as unknown as EngineClient;
  return {
    ctx: {
      engine,
      events: (e: ProgressEvent) => {
        events.push(e);
      },
      parallel: -1,
      compatibility: false,
      composeVersion: '2.40.3',
      warn: () => undefined,
    },
    log,
    events,
    maxInFlight: () => max,
    enter: () => {
      inFlight++;
      max = Math.max(max, inFlight);
    },
    leave: () => {
      inFlight--;
    },
  };
}

function containers(n: number, state = 'running'): ContainerSummary[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({
        Id: `c${String(i)}`,
        Names: [`/demo-idle-${String(i + 1)}`],
        State: state,
        Labels: {},
      }) as unknown as ContainerSummary,
  );
}

test('every running container is signalled before any is killed, and the kills go in waves', async () => {
  const all = containers(30);
  const stubborn = new Set(all.filter((_, i) => i % 2 === 0).map((c) => c.Id));
  const fake = fakeEngine(stubborn);
  const results = await stopInWaves(fake.ctx, all, { timeout: 1 }, async () => {
    fake.enter();
    await new Promise((r) => setImmediate(r));
    fake.leave();
  });
  assert.ok(results.every((r) => r.status === 'fulfilled'));
  const firstStop = fake.log.findIndex((l) => l.startsWith('stop'));
  const signals = fake.log.filter((l) => l.startsWith('signal'));
  assert.equal(signals.length, 30);
  assert.ok(signals.every((l) => l.endsWith(' SIGQUIT')));
  assert.ok(fake.log.slice(0, firstStop).every((l) => l.startsWith('signal')));
  for (const c of all) {
    const line = fake.log.find((l) => l.startsWith(`stop ${c.Id} `));
    assert.equal(line, `stop ${c.Id} t=0 ${stubborn.has(c.Id) ? 'killed' : 'ended'}`);
  }
  assert.ok(fake.maxInFlight() <= STOP_WAVE, `at most ${String(STOP_WAVE)} at once`);
  assert.ok(fake.maxInFlight() > 1, 'in parallel');
  const stopped = fake.events.filter((e) => e.text === 'Stopped').length;
  assert.equal(stopped, 30);
});

test('with no grace period nothing is signalled: each is stopped with -t 0', async () => {
  const fake = fakeEngine(new Set(['c0', 'c1']));
  await stopInWaves(fake.ctx, containers(3), { timeout: 0 });
  assert.deepEqual(fake.log.sort(), [
    'stop c0 t=0 ended',
    'stop c1 t=0 ended',
    'stop c2 t=0 ended',
  ]);
});

test('a container that is not running is stopped as the engine stops it, without a signal', async () => {
  const fake = fakeEngine(new Set());
  await stopInWaves(fake.ctx, containers(2, 'exited'), { timeout: 5 });
  assert.deepEqual(fake.log.sort(), ['stop c0 t=5 ended', 'stop c1 t=5 ended']);
});

function engineError(message: string): EngineError {
  return new EngineError(message, {
    status: 500,
    method: 'DELETE',
    path: '/containers/x',
    host: 'unix:///var/run/docker.sock',
  });
}

const fullDirectory =
  'unable to remove filesystem for x: unlinkat /var/lib/docker/containers/x: directory not empty';

test("the engine's transient stop and removal failures are tried again, others are not", async () => {
  let calls = 0;
  const flaky = () => {
    calls++;
    if (calls === 1) throw engineError(fullDirectory);
    if (calls === 2)
      throw engineError('tried to kill container, but did not receive an exit event');
    return Promise.resolve('removed');
  };
  assert.equal(await retryTransient(flaky, undefined), 'removed');
  assert.equal(calls, 3);

  calls = 0;
  const conflict = () => {
    calls++;
    return Promise.reject(engineError('removal of container x is not possible'));
  };
  await assert.rejects(retryTransient(conflict, undefined), /is not possible/);
  assert.equal(calls, 1);
});

test('a transient failure that persists is given up after five attempts', async () => {
  let calls = 0;
  const stuck = () => {
    calls++;
    return Promise.reject(engineError(fullDirectory));
  };
  await assert.rejects(retryTransient(stuck, undefined), /directory not empty/);
  assert.equal(calls, 5);
});
