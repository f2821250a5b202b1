import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComposeError } from '../api/errors.js';
import { parseDotenv } from './dotenv/index.js';

/**
 * Reads project env files (`.env`, `--env-file`, an include's `env_file`) in order: later files
 * override earlier ones, and `${VAR}` inside a file sees `environment` first, then the values
 * read so far.
 * @throws ComposeError('ENV_FILE') when a file is missing, is a directory or is malformed.
 */
export function readEnvFiles(
  files: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
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
    const parsed = parseDotenv(text, {
      file,
      lookup: (name) =>
        Object.hasOwn(environment, name)
          ? environment[name]
          : Object.hasOwn(values, name)
            ? values[name]
            : undefined,
    });
    for (const [k, v] of parsed) values[k] = v;
  }
  return values;
}
