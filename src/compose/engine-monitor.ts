// A watch on the connection to the engine for commands that otherwise wait on something else.
import { isEngineError } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { LABEL, labelFilter } from './labels.js';

/**
 * Follows the project's container events for as long as a command runs that mostly waits on
 * something else than the engine (`watch` waits on files), so that the engine going away ends
 * the command at once rather than at its next engine call: `onLost` receives the
 * connection-lost error (or the refusal to connect) when the stream breaks.
 * @returns a function that stops the monitor (its stream ending then is no failure)
 */
export function monitorEngine(
  ctx: ComposeContext,
  project: string,
  onLost: (err: unknown) => void,
): () => void {
  const stop = new AbortController();
  void (async () => {
    try {
      const events = await ctx.engine.events({
        filters: { type: ['container'], label: [labelFilter(LABEL.project, project)] },
        signal: stop.signal,
      });
      // Nothing to do with the events themselves: the stream is only kept open.
      for await (const _ of events) {
        if (stop.signal.aborted) break;
      }
    } catch (err) {
      if (!stop.signal.aborted && isEngineError(err, 0)) onLost(err);
    }
  })();
  return () => {
    stop.abort();
  };
}
