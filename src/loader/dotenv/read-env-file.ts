import { readFileSync, statSync } from 'node:fs';
import { ComposeError } from '../../api/errors.js';
import { goQuote } from '../../internal/go-quote.js';
import { parseDotenv } from './parse-dotenv.js';
import { parseRawEnv } from './raw-env.js';

/** Options of {@link readEnvFile}. */
export interface ReadEnvFileOptions {
  /** `env_file` entry's `required`: when false a missing file is skipped silently. */
  readonly required: boolean;
  /**
   * `env_file` entry's `format`: `raw` for the `docker run --env-file` syntax; compose's dotenv
   * syntax otherwise.
   * @default the dotenv syntax (also selected by `.env`)
   */
  readonly format?: string | undefined;
  /** Values for bare `KEY` lines and, first, for `${VAR}` (dotenv format only). */
  readonly lookup?: ((name: string) => string | undefined) | undefined;
  /**
   * The map to add the values to; with several env files pass the same map, so that `${VAR}` in
   * a later file sees the earlier files' values (after `lookup`).
   * @default a new empty map
   */
  readonly into?: Map<string, string> | undefined;
  /** Called for each `${VAR}` that was unset and replaced by an empty string. */
  readonly onUnset?: ((name: string) => void) | undefined;
  /**
   * What the file is, in the not-found message (`label file` for a service's `label_file`).
   * @default 'env file'
   */
  readonly noun?: string | undefined;
}

/**
 * Reads one service `env_file` entry as compose-go does (types/project.go loadEnvFile).
 * @returns the values in file order (`into` when given); an empty map when the file is missing and
 *   not required.
 * @throws ComposeError('ENV_FILE') with compose's wording:
 *   `env file /p/a.env not found: stat /p/a.env: no such file or directory`,
 *   `unsupported env_file format "x"`, `failed to read /p/d: read /p/d: is a directory`, or a
 *   parse error located at its line (see {@link parseDotenv} and {@link parseRawEnv}).
 */
export function readEnvFile(path: string, options: ReadEnvFileOptions): Map<string, string> {
  const into = options.into ?? new Map<string, string>();
  try {
    statSync(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') {
      if (!options.required) return into;
      throw new ComposeError(
        'ENV_FILE',
        `${options.noun ?? 'env file'} ${path} not found: stat ${path}: ${goErrno(err)}`,
        {
          cause: err,
        },
      );
    }
  }
  // Go opens the file (a directory opens fine), then checks the format, then reads.
  let bytes: Buffer | undefined;
  let readError: unknown;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if (errnoCode(err) !== 'EISDIR') {
      throw new ComposeError('ENV_FILE', `open ${path}: ${goErrno(err)}`, { cause: err });
    }
    readError = err;
  }
  const format = options.format ?? '';
  const raw = format === 'raw';
  if (!raw && format !== '' && format !== '.env') {
    throw new ComposeError('ENV_FILE', `unsupported env_file format ${goQuote(format)}`);
  }
  if (bytes === undefined) {
    const prefix = raw ? `failed to parse env_file ${path}` : `failed to read ${path}`;
    throw new ComposeError('ENV_FILE', `${prefix}: read ${path}: ${goErrno(readError)}`, {
      cause: readError,
    });
  }
  if (raw) return parseRawEnv(bytes, { file: path, lookup: options.lookup, into });
  return parseDotenv(bytes.toString('utf8'), {
    file: path,
    lookup: options.lookup,
    into,
    onUnset: options.onUnset,
  });
}

function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

const GO_ERRNO: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** The text Go prints for a system error (`no such file or directory`). */
function goErrno(err: unknown): string {
  const code = errnoCode(err);
  const text = code === undefined ? undefined : GO_ERRNO[code];
  if (text !== undefined) return text;
  return err instanceof Error ? err.message : String(err);
}

/**
 * A file error that has no place yet, pointed at the model path that names the file (a
 * malformed line keeps its place in the file; other errors pass unchanged).
 */
export function pointedAt(err: unknown, path: string): unknown {
  if (!(err instanceof ComposeError) || err.location || err.path !== undefined) return err;
  return new ComposeError(err.code, err.detail, {
    path,
    cause: err.cause,
    hint: err.hint,
    exitCode: err.exitCode,
  });
}
