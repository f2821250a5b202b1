// The plain progress display: one line per event.
import type { ProgressEvent } from '../api/events.js';
import { formatLocalTime } from './log-printer.js';
import type { ProgressRenderer, TextOutput } from './renderer.js';

const now = (): Date => new Date();

/**
 * Formats an event as docker compose's plain display does at HEAD: a leading space, then ID,
 * text and details separated by single spaces, so a trailing space when there are no details
 * (` Container p-web-1 Started `). docker compose v2.40 printed two spaces after the ID and no
 * trailing space; flotilla follows HEAD deliberately (tests that match by regular expression or
 * by `ID Text` substrings accept both). Dry runs prefix ` DRY-RUN MODE - `.
 */
export function formatPlainEvent(event: ProgressEvent, dryRun = false): string {
  const prefix = dryRun ? ' DRY-RUN MODE - ' : ' ';
  return `${prefix}${event.id} ${event.text} ${event.details ?? ''}`;
}

/** Options of {@link createPlainRenderer}. */
export interface PlainOptions {
  readonly dryRun?: boolean | undefined;
  /** Prefix each line with the time of the event (`--timestamps`). @default false */
  readonly timestamps?: boolean | undefined;
  /** Clock for timestamps (injected for tests). @default () => new Date() */
  readonly clock?: (() => Date) | undefined;
}

/** A renderer printing one line per event on `out` (stderr). */
export function createPlainRenderer(out: TextOutput, options: PlainOptions = {}): ProgressRenderer {
  return {
    sink: (event) => {
      // Pull layers are too chatty for a line each; their parents report the outcome.
      if (event.parentId !== undefined) return;
      const line = formatPlainEvent(event, options.dryRun);
      out.write(
        options.timestamps === true
          ? `${formatLocalTime((options.clock ?? now)())}${line}\n`
          : `${line}\n`,
      );
    },
    error: () => false,
    detach: () => undefined,
    close: () => undefined,
  };
}
