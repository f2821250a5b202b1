// Stopping many containers without losing the engine's count of a network's endpoints.
//
// Engine 20.10 keeps the number of endpoints of each network in its store and loses decrements
// when many containers on one network release their endpoints at the same moment
// (moby/moby#42119): the network then lists no container but refuses removal ("has active
// endpoints") until the daemon restarts. Measured on 200 containers of one network on a busy
// machine: stopped and removed all at once (as docker compose does), the network stayed behind in
// 3 runs of 4; stopped all, then removed all, in 1 of 2; force-removed all at once, in 1 of 2;
// stopped and removed 8, 16 or 32 at a time, in none of 6.
//
// So the forced part of stopping goes in waves. Every running container first gets its stop
// signal at once, so each has its whole grace period, as with docker compose; then, at most
// {@link STOP_WAVE} at a time, each is waited for until its grace period ends, stopped (SIGKILL
// if it still runs) and handed on (to removal). Containers that end on their signal leave their
// slot at once, so a wave costs time only for those that have to be killed. The slots belong to
// the context ({@link releaseSlots}), not to one call: `down` removes each service's containers
// in a call of its own, all independent services at once, and 200 services of one container
// each, with slots per call, were 200 releases at once (the network then stayed behind in 7 of
// 10 runs at 200 and 500 services). `up` replaces the old container of each recreation through
// them too.
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import { isEngineError } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { sleep } from './emit.js';
import { limitConcurrency } from './parallel.js';
import { containerNameOf, emitEvent } from './project-containers.js';

/**
 * What Engine 20.10 answers, under the load of hundreds of containers stopping at once, for a
 * stop or removal that a later attempt gets past: a kill whose exit event came late, and a
 * container directory still being written to while it is removed. Seen in a bench `down` of 500
 * containers (5 and 2 of them), which then failed.
 */
const TRANSIENT = /did not receive an exit event|unable to remove filesystem/;
/** Attempts at a stop or removal that fails transiently. */
const ATTEMPTS = 5;

/**
 * Runs an engine call, again after a growing pause (0.25 s, 0.5 s, ...: 2.5 s in all) while it
 * fails with one of the engine's transient failures ({@link TRANSIENT}); any other failure,
 * and the last attempt's, is thrown.
 */
export async function retryTransient<T>(
  call: () => Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= ATTEMPTS || !isEngineError(err) || !TRANSIENT.test(err.message)) throw err;
      await sleep(250 * attempt, signal);
    }
  }
}

/** How many containers are killed (and removed) at once. */
export const STOP_WAVE = 8;

/** The engine's grace period when neither `-t` nor the container's own says (s). */
const DEFAULT_GRACE_S = 10;

/** Runs a task once one of a bounded number of slots is free. */
export type Wave = <T>(task: () => Promise<T>) => Promise<T>;

const slotsOf = new WeakMap<ComposeContext, Wave>();

/**
 * The {@link STOP_WAVE} slots that every stop and removal made through `ctx` shares, whichever
 * call makes it. A task must not ask for a slot while it holds one.
 */
export function releaseSlots(ctx: ComposeContext): Wave {
  let wave = slotsOf.get(ctx);
  if (wave === undefined) {
    wave = limitConcurrency(STOP_WAVE);
    slotsOf.set(ctx, wave);
  }
  return wave;
}

export interface StopWavesOptions {
  /** Grace period in seconds (`-t`); absent: each container's own, else 10. */
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** False: no `Stopping`/`Stopped`/`Error` events (a recreation reports its own). */
  readonly events?: boolean | undefined;
}

/**
 * Stops `containers` (each reported `Stopping`, then `Stopped`) and runs `then` for each once it
 * has stopped, in the same slot: at most {@link STOP_WAVE} are stopped or handed on at once,
 * counting every other stop and removal of `ctx` ({@link releaseSlots}); `then` must not ask for
 * a slot itself.
 * Every container is tried; the results are in the order of `containers`.
 */
export async function stopInWaves(
  ctx: ComposeContext,
  containers: readonly EngineContainer[],
  options: StopWavesOptions,
  then: (container: EngineContainer) => Promise<void> = () => Promise.resolve(),
): Promise<PromiseSettledResult<void>[]> {
  const report = options.events === false ? () => undefined : emitEvent;
  for (const c of containers) report(ctx, 'container', containerNameOf(c), 'working', 'Stopping');
  const graceEnds = await signalAll(ctx, containers, options);
  const wave = releaseSlots(ctx);
  return Promise.allSettled(
    containers.map((c) =>
      wave(async () => {
        const name = containerNameOf(c);
        try {
          await retryTransient(() => stopBy(ctx, c, graceEnds.get(c.Id), options), options.signal);
        } catch (err) {
          if (!isEngineError(err, 404)) {
            report(ctx, 'container', name, 'error', 'Error', errorText(err));
          }
          throw err;
        }
        report(ctx, 'container', name, 'done', 'Stopped');
        await then(c);
      }),
    ),
  );
}

/**
 * Sends each running container its stop signal, all at once, unless its grace period is 0.
 * @returns when each signalled container's grace period ends (ms since the epoch), by ID
 */
async function signalAll(
  ctx: ComposeContext,
  containers: readonly EngineContainer[],
  options: StopWavesOptions,
): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  if (options.timeout === 0) return ends;
  const signal = options.signal;
  await Promise.all(
    containers
      .filter((c) => c.State === 'running')
      .map(async (c) => {
        try {
          const config = (await ctx.engine.containers.inspect(c.Id, { signal })).Config;
          const grace = options.timeout ?? config.StopTimeout ?? DEFAULT_GRACE_S;
          if (grace <= 0) return;
          const sent = Date.now();
          await ctx.engine.containers.kill(c.Id, {
            killSignal: config.StopSignal ?? 'SIGTERM',
            signal,
          });
          ends.set(c.Id, sent + grace * 1000);
        } catch (err) {
          // Gone or no longer running: its stop in the wave sorts it out.
          if (!isEngineError(err, 404) && !isEngineError(err, 409)) throw err;
        }
      }),
  );
  return ends;
}

/**
 * Stops one container: one that was signalled is waited for until its grace period ends, then
 * killed if it still runs; any other is stopped as the engine stops it.
 */
async function stopBy(
  ctx: ComposeContext,
  c: EngineContainer,
  graceEnd: number | undefined,
  options: StopWavesOptions,
): Promise<void> {
  const signal = options.signal;
  if (graceEnd === undefined) {
    await ctx.engine.containers.stop(c.Id, { timeout: options.timeout, signal });
    return;
  }
  const left = graceEnd - Date.now();
  if (left > 0) {
    const deadline = AbortSignal.timeout(left);
    const both = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
    try {
      await ctx.engine.containers.wait(c.Id, { signal: both });
    } catch (err) {
      if (signal?.aborted === true || !deadline.aborted) throw err;
    }
  }
  await ctx.engine.containers.stop(c.Id, { timeout: 0, signal });
}

/** The message of an error, for event details. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
