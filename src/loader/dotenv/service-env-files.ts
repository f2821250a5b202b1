import { readEnvFile } from './read-env-file.js';

/** One `env_file` entry of a service, in its long form. */
export interface EnvFileEntry {
  /** The file, already resolved against the project directory. */
  readonly path: string;
  /** @default true (compose's default for the short syntax) */
  readonly required?: boolean | undefined;
  /** `raw`, or the dotenv syntax when absent. */
  readonly format?: string | undefined;
}

/** Options of {@link resolveServiceEnvironment}. */
export interface ServiceEnvironmentOptions {
  /** The project environment (process env, `.env`, ...): `undefined` means unset. */
  readonly lookup: (name: string) => string | undefined;
  /** Called for each `${VAR}` inside an env file that was unset and became an empty string. */
  readonly onUnset?: ((name: string) => void) | undefined;
}

/**
 * A service's final `environment` once its `env_file` entries are read, as compose-go's
 * WithServicesEnvironmentResolved builds it:
 * - `environment` entries without a value (`null`) take the project environment's value if set;
 * - env files are read in order into one map that starts with the service's valued entries, a
 *   later file overriding an earlier one;
 * - `${VAR}` in an env file sees the project environment first, then the service's
 *   `environment`, then the values defined so far (service entries and earlier files);
 * - a bare `KEY` line takes its value from the project environment, then the service's;
 * - finally every `environment` entry wins over the files, even one still without a value.
 * @returns entries in order: env-file keys first, then the remaining service keys; `null` marks
 *   an entry without value.
 * @throws ComposeError('ENV_FILE') from {@link readEnvFile}.
 */
export function resolveServiceEnvironment(
  environment: ReadonlyMap<string, string | null>,
  envFiles: readonly EnvFileEntry[],
  options: ServiceEnvironmentOptions,
): Map<string, string | null> {
  const resolved = new Map<string, string | null>();
  for (const [key, value] of environment) resolved.set(key, value ?? options.lookup(key) ?? null);
  if (envFiles.length === 0) return resolved;

  const values = new Map<string, string>();
  for (const [key, value] of resolved) if (value !== null) values.set(key, value);
  const lookup = (name: string): string | undefined =>
    options.lookup(name) ?? resolved.get(name) ?? undefined;
  for (const file of envFiles) {
    readEnvFile(file.path, {
      required: file.required ?? true,
      format: file.format,
      lookup,
      into: values,
      onUnset: options.onUnset,
    });
  }
  const out = new Map<string, string | null>(values);
  for (const [key, value] of resolved) out.set(key, value);
  return out;
}
