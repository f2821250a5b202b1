import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { resolveServiceEnvironment } from './dotenv/service-env-files.js';
import { define } from './profiles.js';

/** Options of {@link resolveEnvFiles}. */
export interface EnvFileResolution {
  /** Drop `env_file` once read, as `docker compose config` does. */
  readonly discardEnvFiles: boolean;
}

/**
 * Phase 22: reads every enabled service's `env_file` entries into its `environment`, as
 * compose-go's WithServicesEnvironmentResolved does: entries without value take the project
 * environment's value, files are read in order (a later file wins), `${VAR}` in a file sees the
 * project environment first and then the service's own values, and `environment` entries win
 * over the files. Missing optional files are skipped.
 * @throws ComposeError('ENV_FILE') for a missing required file or a malformed one.
 */
export function resolveEnvFiles(project: Project, options: EnvFileResolution): Project {
  const environment = project.environment;
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(environment, name) ? environment[name] : undefined;
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(project.services)) {
    const resolved = resolveServiceEnvironment(
      new Map(Object.entries(service.environment ?? {})),
      service.envFiles ?? [],
      { lookup },
    );
    const values: Record<string, string | null> = {};
    for (const [key, value] of resolved) define(values, key, value);
    const next: { -readonly [K in keyof ServiceConfig]: ServiceConfig[K] } = { ...service };
    if (resolved.size > 0 || service.environment !== undefined) next.environment = values;
    if (options.discardEnvFiles) delete next.envFiles;
    define(services, name, next);
  }
  return { ...project, services };
}
