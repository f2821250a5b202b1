import { isComposeError } from '../api/errors.js';
import type { LoadWarning } from '../api/load-options.js';

/** Prints a final error on stderr: the message only for flotilla's own errors. */
export function printError(err: unknown): void {
  const text = isComposeError(err)
    ? err.message
    : err instanceof Error
      ? (err.stack ?? err.message)
      : String(err);
  process.stderr.write(`${text}\n`);
}

/** Prints a warning on stderr as docker compose does (`WARN[0000] ...`), with its location. */
export function printWarning(warning: LoadWarning): void {
  const where = warning.location
    ? `${warning.location.file}:${warning.location.line}:${warning.location.column}: `
    : '';
  process.stderr.write(`WARN[0000] ${where}${warning.message}\n`);
}
