// The container output multiplexer of attached `up` and `logs`: `web-1  | line`, coloured.
import type { ContainerStatusLine, LogConsumer, LogLine } from '../api/events.js';
import type { TextOutput } from './renderer.js';

/** SGR codes of the name colours, in the order names get them. */
export const LOG_COLORS: readonly string[] = [
  '36',
  '33',
  '32',
  '35',
  '34',
  '36;1',
  '33;1',
  '32;1',
  '35;1',
  '34;1',
];

/** Options of {@link createLogPrinter}. */
export interface LogPrinterOptions {
  /** Container stdout (and for `logs`, stderr too). */
  readonly stdout: TextOutput;
  /** Container stderr in attached `up`. @default stdout */
  readonly stderr?: TextOutput | undefined;
  /** Colour the prefixes. @default false */
  readonly color?: boolean | undefined;
  /** Print the `name | ` prefix. @default true */
  readonly prefix?: boolean | undefined;
  /** Prefix each line with the local receive time (`up --timestamps`). @default false */
  readonly timestamps?: boolean | undefined;
  /** Clock for timestamps (injected for tests). @default () => new Date() */
  readonly clock?: (() => Date) | undefined;
  /** Called before the first line is printed (e.g. to stop a live progress display). */
  readonly onFirstLine?: (() => void) | undefined;
}

/** A log consumer that can also register names ahead of their first line. */
export interface LogPrinter extends LogConsumer {
  /** Registers a container name so the padding accounts for it. */
  register(container: string): void;
}

/**
 * Creates the multiplexer: each line as `<name padded to the longest name seen + 1> | line`,
 * the prefix coloured per container (cyan, yellow, green, magenta, blue, then bold) when colour
 * is on; status lines (their text is whole: `web-1 exited with code 0`) start with `\r\x1b[K` and have
 * no `|`; those of no container (`Attaching to web-1`) print as they are.
 * @example createLogPrinter({ stdout: process.stdout }).log({ container: 'web-1', ... })
 */
export function createLogPrinter(options: LogPrinterOptions): LogPrinter {
  const stdout = options.stdout;
  const stderr = options.stderr ?? stdout;
  const showPrefix = options.prefix ?? true;
  const clock = options.clock ?? ((): Date => new Date());
  const colors = new Map<string, string>();
  let width = 0;
  let started = false;

  const register = (name: string): void => {
    if (!colors.has(name)) colors.set(name, LOG_COLORS[colors.size % LOG_COLORS.length]);
    width = Math.max(width, name.length + 1);
  };
  const paint = (name: string, text: string): string =>
    options.color === true ? `\x1b[${colors.get(name) ?? '0'}m${text}\x1b[0m` : text;
  const first = (): void => {
    if (started) return;
    started = true;
    options.onFirstLine?.();
  };

  return {
    register,
    log(line: LogLine): void {
      first();
      register(line.container);
      const prefix = showPrefix ? paint(line.container, `${line.container.padEnd(width)} | `) : '';
      const stamp = options.timestamps === true ? `${formatLocalTime(clock())} ` : '';
      (line.stream === 'stderr' ? stderr : stdout).write(`${prefix}${stamp}${line.text}\n`);
    },
    status(line: ContainerStatusLine): void {
      first();
      // Lines about no container in particular (`Attaching to ...`) print as they are.
      if (line.container === '') {
        stdout.write(`${line.text}\n`);
        return;
      }
      register(line.container);
      stdout.write(paint(line.container, `\r\x1b[K${line.text}\n`));
    },
  };
}

/**
 * Formats a time as Go's `2006-01-02T15:04:05.000000000Z07:00` in local time:
 * nanoseconds (zero-padded from milliseconds) and `Z` or `+hh:mm`.
 */
export function formatLocalTime(date: Date): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const zone =
    offset === 0
      ? 'Z'
      : `${offset > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}000000${zone}`
  );
}
