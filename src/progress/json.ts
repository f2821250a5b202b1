// The json progress display: one JSON object per event, per line.
import type { ProgressEvent, ProgressStatus } from '../api/events.js';
import type { ProgressRenderer, TextOutput } from './renderer.js';

const STATUS: Readonly<Record<ProgressStatus, string>> = {
  working: 'Working',
  done: 'Done',
  warning: 'Warning',
  error: 'Error',
};

/**
 * Formats an event as docker compose's json display does: keys in its order (`dry-run`, `id`,
 * `parent_id`, `status`, `text`, `details`, `current`, `total`, `percent`), empty ones left out.
 * @example formatJsonEvent(e) // '{"id":"Container p-web-1","status":"Done","text":"Started"}'
 */
export function formatJsonEvent(event: ProgressEvent, dryRun = false): string {
  const out: Record<string, unknown> = {};
  if (dryRun) out['dry-run'] = true;
  out.id = event.id;
  if (event.parentId !== undefined && event.parentId !== '') out.parent_id = event.parentId;
  out.status = STATUS[event.status];
  if (event.text !== '') out.text = event.text;
  if (event.details !== undefined && event.details !== '') out.details = event.details;
  if (event.current !== undefined && event.current !== 0) out.current = event.current;
  if (event.total !== undefined && event.total !== 0) out.total = event.total;
  if (event.current !== undefined && event.total !== undefined && event.total > 0) {
    const percent = Math.floor((event.current / event.total) * 100);
    if (percent !== 0) out.percent = Math.min(percent, 100);
  }
  return JSON.stringify(out);
}

/** The line the json display prints for the final error. */
export function formatJsonError(message: string): string {
  return JSON.stringify({ error: true, message });
}

/** A renderer printing one JSON object per event on `out`; the final error too. */
export function createJsonRenderer(
  out: TextOutput,
  options: { dryRun?: boolean | undefined } = {},
): ProgressRenderer {
  return {
    sink: (event) => out.write(`${formatJsonEvent(event, options.dryRun)}\n`),
    error: (message) => {
      out.write(`${formatJsonError(message)}\n`);
      return true;
    },
    detach: () => undefined,
    close: () => undefined,
  };
}
