import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComposeError } from '../api/errors.js';
import { parseDotenv } from './dotenv/index.js';

/**
 * Reads project env files (`.env`, `--env-file`, an include's `env_file`) in order: later files
 * override earlier ones, and `${VAR}` inside a file sees `environment` first, then the values
 * read so far (earlier files and earlier lines of the same file).
 * @throws ComposeError('ENV_FILE') when a file is missing, is a directory or is malformed.
 */
export function readEnvFiles(
  files: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  // One map for every file, filled while parsing, as compose-go does: `${VAR}` sees the
  // environment first, then every value defined so far, this file's earlier lines included.
  const values = new Map<string, string>();
  for (const f of files) {
    const file = resolve(f);
    let isDir: boolean;
    try {
      isDir = statSync(file).isDirectory();
    } catch {
      throw new ComposeError('ENV_FILE', `couldn't find env file: ${file}`);
    }
    if (isDir) throw new ComposeError('ENV_FILE', `${file} is a directory`);
    const text = readFileSync(file, 'utf8');
    parseDotenv(text, {
      file,
      lookup: (name) => (Object.hasOwn(environment, name) ? environment[name] : undefined),
      into: values,
    });
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of values) out[k] = v;
  return out;
}
