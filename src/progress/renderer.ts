// What every progress renderer offers the CLI: a sink for events and a way to finish.
import type { EventSink } from '../api/events.js';

/** Where a renderer writes: a stream's `write`, and for a terminal its width. */
export interface TextOutput {
  write(text: string): unknown;
  /** Terminal width in columns, when the output is a terminal. */
  readonly columns?: number | undefined;
}

/** A progress display fed by the library's event stream. */
export interface ProgressRenderer {
  /** Receives the library's events. */
  readonly sink: EventSink;
  /** Reports the final error of the operation in the renderer's own format (json). Returns true when it printed it. */
  error(message: string): boolean;
  /**
   * Stops live redrawing (the tty display before attached logs start); later events are
   * printed one per line.
   */
  detach(): void;
  /** Draws the final state and releases timers. */
  close(): void;
}

/** The progress display modes of `--progress`. */
export type ProgressMode = 'tty' | 'plain' | 'json' | 'quiet';

/** Texts of events that the display of attached `up` hides, so that they do not mix with logs. */
export const HIDDEN_WHEN_ATTACHED: ReadonlySet<string> = new Set(['Starting', 'Started']);
