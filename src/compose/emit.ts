// Progress events and error wrapping shared by the verbs of the create/up side.
import { ComposeError } from '../api/errors.js';
import { resourceId, type ProgressStatus, type ResourceKind } from '../api/events.js';
import { isAbortError, isEngineError } from '../engine/index.js';
import type { ComposeContext } from './context.js';

/** Reports one step of an operation on a resource (`Container p-web-1 Started`). */
export function emit(
  ctx: ComposeContext,
  kind: ResourceKind,
  name: string,
  text: string,
  status: ProgressStatus = 'done',
  details?: string,
): void {
  ctx.events({ id: resourceId(kind, name), kind, name, status, text, details });
}

/**
 * Wraps an engine failure once into a {@link ComposeError} (`ENGINE`), keeping the engine's
 * message; ComposeErrors and aborts pass through unchanged.
 */
export function engineFailure(err: unknown, what?: string): unknown {
  if (err instanceof ComposeError || isAbortError(err)) return err;
  if (isEngineError(err)) {
    const message = what === undefined ? err.message : `${what}: ${err.message}`;
    return new ComposeError('ENGINE', message, { cause: err });
  }
  return err;
}

/** Throws a ComposeError `CANCELLED` when the signal has aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw cancelled();
}

function cancelled(): ComposeError {
  return new ComposeError('CANCELLED', 'operation cancelled', { exitCode: 130 });
}

/**
 * Waits `ms`; an abort ends the wait with a ComposeError `CANCELLED`. The abort listener goes
 * with the wait: polling loops sleep many times on one signal.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
