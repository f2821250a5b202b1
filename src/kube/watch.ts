import type { IncomingMessage } from 'node:http';
import type { KubeError } from './errors.js';
import type { KubeObject } from './types.js';

/** One change of a watched collection. `ERROR` events are thrown, never yielded. */
export interface WatchEvent<T = KubeObject> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  readonly object: T;
}

/**
 * A watch (`?watch=true`) as an async iterable of events, one JSON object per line. Iteration
 * ends when the server closes the watch (servers do after a few minutes: watch again from the
 * last `resourceVersion`) or after {@link close}. An `ERROR` event is thrown as a
 * {@link KubeError} (status 410 `Expired` means: list again).
 */
export class WatchStream<T = KubeObject> implements AsyncIterable<WatchEvent<T>> {
  private closed = false;

  /**
   * @param res the open watch response
   * @param toError turns an ERROR event's Status into the error to throw
   */
  constructor(
    private readonly res: IncomingMessage,
    private readonly toError: (status: Record<string, unknown>) => KubeError,
  ) {}

  /** Ends the watch: the iteration finishes after the events already read. */
  close(): void {
    this.closed = true;
    this.res.destroy();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    let pending = '';
    try {
      for await (const chunk of this.res) {
        pending += (chunk as Buffer).toString('utf8');
        let nl: number;
        while ((nl = pending.indexOf('\n')) !== -1) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line === '') continue;
          const event = JSON.parse(line) as { type: string; object: Record<string, unknown> };
          if (event.type === 'ERROR') throw this.toError(event.object);
          yield event as unknown as WatchEvent<T>;
        }
      }
    } catch (err) {
      // Destroying the response to close the watch surfaces as an abort: a normal end.
      if (this.closed) return;
      throw err;
    } finally {
      this.res.destroy();
    }
  }
}
