// The quiet progress display: nothing.
import type { ProgressRenderer } from './renderer.js';

/** A renderer that prints nothing (`--progress quiet`, alias `none`). */
export function createQuietRenderer(): ProgressRenderer {
  return {
    sink: () => undefined,
    error: () => false,
    detach: () => undefined,
    close: () => undefined,
  };
}
