import type { Project } from '../model/project.js';
import type { ServiceConfig } from '../model/service.js';
import { pointedAt, readEnvFile } from './dotenv/read-env-file.js';
import { define } from './profiles.js';

/** Options of {@link resolveLabelFiles}. */
export interface LabelFileResolution {
  /** Drop `label_file` once read, as `docker compose config` does with `env_file`. */
  readonly discardLabelFiles: boolean;
}

/**
 * Reads every service's `label_file` entries into its `labels`, as compose-go's
 * WithServicesLabelsResolved does: each file is a dotenv file, read in order (a later file
 * wins, and `${VAR}` in a file sees the labels of the files before it), and the service's own
 * `labels` win over the files. Every file is required.
 * @throws ComposeError('ENV_FILE') with the path `services.<name>.label_file` for a missing file
 *   (`label file /p/l not found: stat /p/l: no such file or directory`) or one that cannot be
 *   read; a malformed line carries its place in the label file.
 */
export function resolveLabelFiles(project: Project, options: LabelFileResolution): Project {
  let services: Record<string, ServiceConfig> | undefined;
  for (const [name, service] of Object.entries(project.services)) {
    if (service.labelFiles === undefined) continue;
    const fromFiles = new Map<string, string>();
    for (const file of service.labelFiles) {
      // `${VAR}` sees the labels of the files read before this one.
      const read = readLabelFile(name, file, (key) => fromFiles.get(key));
      for (const [key, value] of read) fromFiles.set(key, value);
    }
    const labels: Record<string, string> = {};
    for (const [key, value] of fromFiles) define(labels, key, value);
    for (const [key, value] of Object.entries(service.labels ?? {})) define(labels, key, value);
    const next: { -readonly [K in keyof ServiceConfig]: ServiceConfig[K] } = { ...service };
    if (Object.keys(labels).length > 0) next.labels = labels;
    if (options.discardLabelFiles) delete next.labelFiles;
    services ??= { ...project.services };
    define(services, name, next);
  }
  return services === undefined ? project : { ...project, services };
}

function readLabelFile(
  service: string,
  path: string,
  lookup: (key: string) => string | undefined,
): Map<string, string> {
  try {
    return readEnvFile(path, { required: true, lookup, noun: 'label file' });
  } catch (err) {
    throw pointedAt(err, `services.${service}.label_file`);
  }
}
