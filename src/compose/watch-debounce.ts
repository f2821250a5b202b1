// Groups file events into batches: a batch is handed over once no new path has arrived for a
// quiet period, so an editor saving many files (or a branch switch) is handled as one change.

/** compose's quiet period between the last file event and the batch being handled. */
export const QUIET_PERIOD_MS = 500;

/** Timer functions, injected so the batching can be tested without waiting. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => {
    clearTimeout(h as ReturnType<typeof setTimeout>);
  },
};

/**
 * Collects paths and calls `flush` with the distinct paths seen (in arrival order) once
 * `quietMs` pass without a new one.
 * @example
 * const d = new Debouncer((paths) => handle(paths));
 * d.add('/src/a.js'); d.add('/src/a.js'); // one batch of one path, 500 ms later
 */
export class Debouncer {
  private pending = new Set<string>();
  private timer: unknown;

  constructor(
    private readonly flush: (paths: string[]) => void,
    private readonly quietMs: number = QUIET_PERIOD_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Records a changed path and restarts the quiet period. */
  add(path: string): void {
    this.pending.add(path);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.fire();
    }, this.quietMs);
  }

  /** Drops what is pending and stops the timer. */
  close(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = new Set();
  }

  private fire(): void {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Set();
    this.flush(batch);
  }
}
