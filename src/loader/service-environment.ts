import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { resolveServiceEnvironment } from './dotenv/service-env-files.js';
import { define } from './profiles.js';
import { pointedAt } from './dotenv/read-env-file.js';

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
 * @throws ComposeError('ENV_FILE') for a missing required file or a malformed one; one that
 *   cannot be read has the path `services.<name>.env_file`.
 */
export function resolveEnvFiles(project: Project, options: EnvFileResolution): Project {
  const environment = project.environment;
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(environment, name) ? environment[name] : undefined;
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(project.services)) {
    let resolved: Map<string, string | null>;
    try {
      resolved = resolveServiceEnvironment(
        new Map(Object.entries(service.environment ?? {})),
        service.envFiles ?? [],
        { lookup },
      );
    } catch (err) {
      // A file that cannot be read is pointed at by the service's `env_file`; a malformed
      // line already carries its place in the env file.
      throw pointedAt(err, `services.${name}.env_file`);
    }
    const values: Record<string, string | null> = {};
    for (const [key, value] of resolved) define(values, key, value);
    const next: { -readonly [K in keyof ServiceConfig]: ServiceConfig[K] } = { ...service };
    if (resolved.size > 0 || service.environment !== undefined) next.environment = values;
    if (options.discardEnvFiles) delete next.envFiles;
    define(services, name, next);
  }
  return { ...project, services };
}
