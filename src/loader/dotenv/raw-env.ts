import { isUtf8 } from 'node:buffer';
import { ComposeError } from '../../api/errors.js';
import { skipUnicodeSpace } from './go-space.js';

/** Options of {@link parseRawEnv}. */
export interface RawEnvOptions {
  /** The file name shown in error locations. */
  readonly file: string;
  /** Values for lines holding only a name; such a line is left out when this returns undefined. */
  readonly lookup?: ((name: string) => string | undefined) | undefined;
  /**
   * The map to add the values to.
   * @default a new empty map
   */
  readonly into?: Map<string, string> | undefined;
}

// bufio.Scanner's default limit: a longer line makes the whole file fail.
const MAX_LINE = 64 * 1024;

/**
 * Parses an env file in the `raw` format of `env_file: {format: raw}`, which is the
 * `docker run --env-file` syntax: one `KEY=value` a line taken literally (no quotes removed, no
 * `${VAR}`, trailing spaces kept), leading white space and `#` comment lines skipped, a bare
 * `KEY` taken from `lookup`, a UTF-8 BOM on the first line skipped.
 * @throws ComposeError('ENV_FILE') located at the line, with docker's message:
 *   `no variable name on line '=x'`, `variable 'A B' contains whitespaces`,
 *   `invalid utf8 bytes at line 3: [255 97]`, `bufio.Scanner: token too long`.
 */
export function parseRawEnv(bytes: Uint8Array, options: RawEnvOptions): Map<string, string> {
  const out = options.into ?? new Map<string, string>();
  const fail = (detail: string, line: number): ComposeError =>
    new ComposeError('ENV_FILE', detail, {
      location: { file: options.file, line, column: 1 },
    });
  const decoder = new TextDecoder();
  let start = 0;
  for (let lineNumber = 1; start < bytes.length; lineNumber++) {
    let end = bytes.indexOf(0x0a, start);
    const next = end < 0 ? bytes.length : end + 1;
    if (end < 0) end = bytes.length;
    if (end - start >= MAX_LINE) throw fail('bufio.Scanner: token too long', lineNumber);
    if (end > start && bytes[end - 1] === 0x0d) end--;
    let raw = bytes.subarray(start, end);
    start = next;
    if (!isUtf8(raw)) {
      throw fail(`invalid utf8 bytes at line ${lineNumber}: [${raw.join(' ')}]`, lineNumber);
    }
    if (lineNumber === 1 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) {
      raw = raw.subarray(3);
    }
    const text = decoder.decode(raw);
    const line = text.slice(skipUnicodeSpace(text));
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') throw fail(`no variable name on line '${line}'`, lineNumber);
    if (key.includes(' ') || key.includes('\t')) {
      throw fail(`variable '${key}' contains whitespaces`, lineNumber);
    }
    if (eq >= 0) {
      out.set(key, line.slice(eq + 1));
      continue;
    }
    const value = options.lookup?.(line);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}
