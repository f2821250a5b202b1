// The tty progress display: a block of one line per resource, redrawn every 100 ms.
import type { ProgressEvent } from '../api/events.js';
import { formatPlainEvent } from './plain.js';
import { HIDDEN_WHEN_ATTACHED, type ProgressRenderer, type TextOutput } from './renderer.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Options of {@link createTtyRenderer}. */
export interface TtyOptions {
  /** The operation shown in the header: `up`, `down`, `pull`, ... */
  readonly operation: string;
  /** Colour the status marks. @default true */
  readonly color?: boolean | undefined;
  /** Milliseconds now (injected for tests). @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Redraw period in ms; 0 draws only on {@link TtyDisplay.render} and close. @default 100 */
  readonly interval?: number | undefined;
  /** `--dry-run`: each line says ` DRY-RUN MODE - ` before the resource, as compose does. */
  readonly dryRun?: boolean | undefined;
}

interface Line {
  event: ProgressEvent;
  start: number;
  end: number | undefined;
}

/** The tty renderer, with {@link render} exposed for tests. */
export interface TtyDisplay extends ProgressRenderer {
  /** The current frame, without cursor movement. */
  frame(): string[];
  /** Redraws now. */
  render(): void;
}

/**
 * A renderer that keeps one line per resource and redraws the block in place:
 * `[+] up 2/3` then ` ✔ Container p-web-1 Started   0.3s`, with a spinner while working,
 * `!` for warnings and `✘` for errors. `Compose` events print as a line of their own above the
 * block. After {@link ProgressRenderer.detach} (attached `up`), events print one per line and
 * `Starting`/`Started` are hidden.
 */
export function createTtyRenderer(out: TextOutput, options: TtyOptions): TtyDisplay {
  const now = options.now ?? Date.now;
  const color = options.color ?? true;
  const lines = new Map<string, Line>();
  let drawn = 0;
  let tick = 0;
  let detached = false;
  let closed = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const paint = (code: string, text: string): string =>
    color ? `\x1b[${code}m${text}\x1b[0m` : text;

  const frame = (): string[] => {
    const width = Math.max(out.columns ?? 80, 20);
    const top = [...lines.values()].filter((l) => l.event.parentId === undefined);
    const finished = top.filter((l) => l.event.status !== 'working').length;
    const result = [`[+] ${options.operation} ${finished}/${top.length}`];
    const idWidth = Math.max(0, ...top.map((l) => l.event.id.length));
    const ordered: Line[] = [];
    for (const l of top) {
      ordered.push(l);
      for (const c of lines.values()) if (c.event.parentId === l.event.id) ordered.push(c);
    }
    for (const l of ordered) {
      const e = l.event;
      const child = e.parentId !== undefined;
      const mark =
        e.status === 'done'
          ? paint('32', '✔')
          : e.status === 'warning'
            ? paint('33', '!')
            : e.status === 'error'
              ? paint('31', '✘')
              : SPINNER[tick % SPINNER.length];
      const elapsed = `${(((l.end ?? now()) - l.start) / 1000).toFixed(1)}s`;
      const indent = child ? '   ' : ' ';
      const details = e.details !== undefined && e.details !== '' ? ` ${e.details}` : '';
      const dry = options.dryRun === true && !child ? 'DRY-RUN MODE - ' : '';
      let body = `${dry}${e.id.padEnd(child ? 0 : idWidth)} ${e.text}${details}`;
      const room = width - indent.length - 2 - elapsed.length - 1;
      if (body.length > room) body = `${body.slice(0, Math.max(room - 3, 0))}...`;
      result.push(`${indent}${mark} ${body.padEnd(room)} ${elapsed}`);
    }
    return result;
  };

  const render = (): void => {
    if (detached) return;
    tick++;
    const next = frame();
    let text = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const l of next) text += `\x1b[2K${l}\n`;
    out.write(text);
    drawn = next.length;
  };

  const start = (): void => {
    const interval = options.interval ?? 100;
    if (timer !== undefined || interval <= 0 || closed) return;
    timer = setInterval(render, interval);
    timer.unref();
  };

  const stopTimer = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  return {
    sink: (event) => {
      if (event.kind === 'compose') {
        const text =
          event.details !== undefined && event.details !== '' ? event.details : event.text;
        // Printed above the block, which is then drawn again below the message.
        const up = !detached && drawn > 0 ? `\x1b[${drawn}A\x1b[J` : '';
        out.write(`${up}${paint('31', text)}\n`);
        drawn = 0;
        if (!detached && lines.size > 0) render();
        return;
      }
      if (detached) {
        if (HIDDEN_WHEN_ATTACHED.has(event.text)) return;
        if (event.parentId === undefined) out.write(`${formatPlainEvent(event)}\n`);
        return;
      }
      const existing = lines.get(event.id);
      const t = now();
      if (existing === undefined) {
        lines.set(event.id, {
          event,
          start: t,
          end: event.status === 'working' ? undefined : t,
        });
      } else {
        existing.event = event;
        existing.end = event.status === 'working' ? undefined : (existing.end ?? t);
      }
      start();
    },
    error: () => false,
    frame,
    render,
    detach: () => {
      if (detached) return;
      stopTimer();
      if (lines.size > 0) render();
      detached = true;
    },
    close: () => {
      if (closed) return;
      stopTimer();
      if (!detached && lines.size > 0) render();
      closed = true;
      detached = true;
    },
  };
}
