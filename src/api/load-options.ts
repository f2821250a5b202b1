import type { SourceLocation } from './errors.js';

/** A warning produced while loading a project (unset variable, obsolete `version`, ...). */
export interface LoadWarning {
  readonly message: string;
  /** Where in a compose file, when known. */
  readonly location?: SourceLocation | undefined;
}

/**
 * How to find and load a Compose project: the library equivalent of docker compose's global
 * flags (`-f`, `-p`, `--profile`, `--env-file`, `--project-directory`) and of `config`'s
 * `--no-*` switches.
 */
export interface LoadOptions {
  /**
   * Compose files (`-f`), relative to `cwd`; `-` reads standard input.
   * @default `COMPOSE_FILE`, else compose.yaml / docker-compose.yml found in `cwd` or a parent
   */
  readonly files?: readonly string[] | undefined;
  /** `--project-directory`. @default the directory of the first compose file */
  readonly projectDirectory?: string | undefined;
  /** `-p`. @default `COMPOSE_PROJECT_NAME`, else top-level `name:`, else the directory name */
  readonly projectName?: string | undefined;
  /** `--profile`. @default `COMPOSE_PROFILES` */
  readonly profiles?: readonly string[] | undefined;
  /** `--env-file`, replacing the implicit `.env`. @default `COMPOSE_ENV_FILES`, else `.env` */
  readonly envFiles?: readonly string[] | undefined;
  /** The OS environment. @default process.env */
  readonly environment?: Readonly<Record<string, string | undefined>> | undefined;
  /** Current directory. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Services named on the command line: they are enabled and the others dropped (with dependencies kept). */
  readonly services?: readonly string[] | undefined;
  /** Keep networks, volumes, secrets and configs no service uses (`--all-resources`). @default false */
  readonly allResources?: boolean | undefined;
  /** @default true */
  readonly interpolate?: boolean | undefined;
  /** @default true */
  readonly normalize?: boolean | undefined;
  /** @default true */
  readonly resolvePaths?: boolean | undefined;
  /** @default true */
  readonly consistency?: boolean | undefined;
  /** Read `env_file` entries into `environment`. @default true */
  readonly resolveEnvFiles?: boolean | undefined;
  /** Drop `env_file` and `label_file` once resolved, as `docker compose config` does. @default false */
  readonly discardEnvFiles?: boolean | undefined;
  /** Content of standard input for the `-` file. @default reads file descriptor 0 */
  readonly stdin?: (() => string) | undefined;
  /** Receives warnings. @default they are dropped */
  readonly onWarning?: ((warning: LoadWarning) => void) | undefined;
}
