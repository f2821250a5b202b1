// The content of the stack's secrets and configs, read when a deploy needs it and sent to the
// engine only: never written anywhere, never printed.
import { readFileSync } from 'node:fs';
import { ComposeError } from '../api/errors.js';
import type { FileObjectConfig, Project } from '../model/project.js';
import type { FileObjectKind } from '../swarm/file-objects.js';

/**
 * Reads a secret's or config's content from where the file says: `file` (read now), `content`,
 * or `environment` (the project environment's value). A secret with a `driver` has none.
 * @throws ComposeError `NOT_FOUND` for a file that cannot be read, `CONSISTENCY` for an unset variable
 */
export function readObjectContent(
  project: Pick<Project, 'environment'>,
  kind: FileObjectKind,
  key: string,
  object: FileObjectConfig,
): Buffer | undefined {
  const where = `${kind === 'secret' ? 'secrets' : 'configs'}.${key}`;
  if (object.content !== undefined) return Buffer.from(object.content, 'utf8');
  if (object.environment !== undefined) {
    const value = Object.hasOwn(project.environment, object.environment)
      ? project.environment[object.environment]
      : undefined;
    if (value === undefined) {
      throw new ComposeError(
        'CONSISTENCY',
        `${kind} ${key}: environment variable ${object.environment} is not set`,
        { path: `${where}.environment` },
      );
    }
    return Buffer.from(value, 'utf8');
  }
  if (object.file !== undefined) {
    try {
      return readFileSync(object.file);
    } catch (err) {
      throw new ComposeError(
        'NOT_FOUND',
        `${kind} ${key}: cannot read ${object.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        { path: `${where}.file`, cause: err },
      );
    }
  }
  return undefined;
}
