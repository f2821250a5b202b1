// A broken connection to the engine, told apart from a stream that ended: every streamed answer
// (logs, events, stats, wait, build/pull/push progress) and every hijacked connection (attach,
// exec) is read through this one mechanism.
import { EngineError, isAbortError } from './errors.js';

/** {@link EngineError.code} of a connection that broke while an answer was being read. */
export const CONNECTION_LOST = 'ECONNLOST';

/**
 * Turns a failure met while reading a streamed answer into the error the caller sees: an
 * {@link EngineError} with code {@link CONNECTION_LOST} for a broken connection; aborts and
 * engine errors pass through.
 */
export type LostConnection = (cause: unknown) => Error;

/**
 * The error for a connection to the engine at `host` that broke during `method path`:
 * `the connection to the Docker engine at unix:///var/run/docker.sock was lost (GET /events: the
 * engine closed it in the middle of an answer)`.
 */
export function connectionLost(
  host: string,
  method: string,
  path: string,
  cause: unknown,
): EngineError {
  return new EngineError(
    `the connection to the Docker engine at ${host} was lost (${method} ${path}: ${reason(cause)})`,
    { status: 0, method, path, host, code: CONNECTION_LOST, cause },
  );
}

/** True when `err` is a connection to the engine that broke while an answer was being read. */
export function isConnectionLost(err: unknown): err is EngineError {
  return err instanceof EngineError && err.code === CONNECTION_LOST;
}

/** The translator for the failures of one streamed call `method path` (see {@link LostConnection}). */
export function lostTranslator(host: string, method: string, path: string): LostConnection {
  return (cause) => {
    if (cause instanceof EngineError) return cause;
    if (isAbortError(cause)) return cause as Error;
    return connectionLost(host, method, path, cause);
  };
}

/**
 * Iterates `source`, turning a failure of the source itself into `lost(failure)`; once
 * `closed()` is true (the reader closed the stream on purpose) failures pass through as they
 * are. With `atEnd`, a source that ends without a failure is confirmed by it (it throws when the
 * end was the connection breaking).
 */
export async function* guardStream<T>(
  source: AsyncIterable<T>,
  lost: LostConnection | undefined,
  closed: () => boolean,
  atEnd?: () => Promise<void>,
): AsyncGenerator<T, void, undefined> {
  try {
    for await (const item of source) yield item;
  } catch (err) {
    if (lost === undefined || closed()) throw err;
    throw lost(err);
  }
  if (atEnd !== undefined && !closed()) await atEnd();
}

function reason(cause: unknown): string {
  if (cause instanceof EngineError) return `the engine no longer answers: ${cause.message}`;
  const e = cause as NodeJS.ErrnoException | undefined;
  const message = e?.message ?? String(cause);
  if (e?.code === 'ECONNRESET' && message === 'aborted') {
    return 'the engine closed it in the middle of an answer';
  }
  if (e?.code === 'ECONNRESET') return `reset by the engine (${message})`;
  if (e?.code === 'ERR_STREAM_PREMATURE_CLOSE') return 'it closed before the answer was complete';
  return message;
}
