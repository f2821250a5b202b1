/**
 * `convert`: a loaded project becomes the files of another platform, with a report of what
 * became of every field. One converter per target; the CLI only writes what it returns.
 */
import type { ConversionResult, ConvertOptions } from '../api/convert.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import { convertEcs } from './ecs/convert-ecs.js';
import { convertKubernetes } from './kubernetes/convert-kubernetes.js';

/**
 * Converts a project for another platform. Nothing is written: the result holds the files (to
 * write under an output directory), the objects and the report. Secret objects in the files
 * hold the secrets' values, as manifests must; the report never holds a value.
 * @throws ComposeError('USAGE') for bad options; ('CONVERT') when `strict` is set and a field
 *   would be dropped, when names collide once made valid for the target, or when a secret's
 *   file cannot be read
 * @example
 * const project = await loadProject({ cwd: 'examples/flask-redis-fixed' });
 * const { files, report } = convert(project, { to: 'kubernetes', format: 'helm' });
 */
export function convert(project: Project, options: ConvertOptions): ConversionResult {
  const to: string = options.to;
  if (options.to === 'kubernetes') return convertKubernetes(project, options);
  if (to === 'ecs') return convertEcs(project, options);
  throw new ComposeError('USAGE', `convert: unknown target ${JSON.stringify(to)}`);
}
