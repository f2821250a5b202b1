import { fstatSync, writeSync } from 'node:fs';
import { isComposeError } from '../api/errors.js';
import type { LoadWarning } from '../api/load-options.js';
import type { TextOutput } from '../progress/renderer.js';

let pending = '';
let flushing = false;

function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(2, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      // A reader that went away (`| head`) drops the text.
      if (code === 'EPIPE') return;
      throw err;
    }
  }
}

/** Writes the lines {@link stderrLines} holds. */
export function flushStderr(): void {
  flushing = false;
  if (pending === '') return;
  const text = pending;
  pending = '';
  writeAll(text);
}

/**
 * Standard error as plain text, written straight to its file descriptor (after any lines
 * {@link stderrLines} holds): a command that prints only lines (plain progress, warnings) never
 * sets up `process.stderr`, a stream whose creation costs a short command about a millisecond.
 * Writes are synchronous, as `process.stderr`'s are for files, pipes and terminals, so the two
 * keep their order.
 */
export const stderrText: TextOutput = {
  write(text: string): boolean {
    flushStderr();
    writeAll(text);
    return true;
  },
};

/**
 * {@link stderrText} for the progress lines: those written in one go (fifty
 * `Container x Running`) leave in one write once the current work is done
 * (`process.nextTick`), before any other text on stderr, and at the latest when the process
 * exits.
 */
export const stderrLines: TextOutput = {
  write(text: string): boolean {
    pending += text;
    if (!flushing) {
      flushing = true;
      process.nextTick(flushStderr);
    }
    return true;
  },
};
process.once('exit', flushStderr);

/**
 * Whether file descriptor `fd` is a terminal, asking node's stream (which sets one up) only
 * when it may be: pipes and files, what scripts and CI give, are told apart by one fstat.
 */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (fd === 1 ? process.stdout : process.stderr).isTTY;
}

/**
 * Prints a final error on stderr: the message only for flotilla's own errors. In GitHub Actions
 * (`GITHUB_ACTIONS=true`) an error located in a file is also printed as a workflow annotation
 * (`::error file=compose.yaml,line=3,col=5::message`).
 */
export function printError(err: unknown): void {
  const text = isComposeError(err)
    ? err.message
    : err instanceof Error
      ? (err.stack ?? err.message)
      : String(err);
  flushStderr();
  process.stderr.write(`${text}\n`);
  if (isComposeError(err) && err.location !== undefined && process.env.GITHUB_ACTIONS === 'true') {
    // A workflow annotation on the file and line, beside the ordinary message.
    const at = err.location;
    const prop = (v: string): string => escapeData(v).replace(/:/g, '%3A').replace(/,/g, '%2C');
    const detail = err.hint === undefined ? err.detail : `${err.detail} (${err.hint})`;
    process.stderr.write(
      `::error file=${prop(at.file)},line=${at.line},col=${at.column}::${escapeData(detail)}\n`,
    );
  }
}

/** Escapes the message of a GitHub workflow command (`%`, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Prints a warning on stderr as docker compose does (`WARN[0000] ...`), with its location. */
export function printWarning(warning: LoadWarning): void {
  const where = warning.location
    ? `${warning.location.file}:${warning.location.line}:${warning.location.column}: `
    : '';
  stderrText.write(`WARN[0000] ${where}${warning.message}\n`);
}
