// `commit`: an image from the changes in a service container.
import type { CommitOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { emit, engineFailure } from './emit.js';
import { targetContainer } from './exec.js';
import { parseRepositoryTag } from './image-reference.js';
import { containerNameOf } from './project-containers.js';

/**
 * Commits a running container of the service (its first replica, else a one-off, or replica
 * `index`) to a new image, tagged `reference` when given, reporting `Committing` and
 * `Committed as <id>` on the container (`commit`). The container is paused meanwhile unless
 * `pause` is false.
 * @returns the new image's ID (`sha256:...`)
 * @throws {ComposeError} `USAGE` for an invalid reference or an unknown service of a loaded
 *   project, `RUNTIME` when the service has no running container, `ENGINE` on failure
 * @example await commit(ctx, 'shop', { service: 'web', reference: 'shop-web:snapshot' })
 */
export async function commit(
  ctx: ComposeContext,
  project: Project | string,
  options: CommitOptions,
): Promise<string> {
  // Checked before any engine call: a bad reference should not cost a pause of the container.
  const target =
    options.reference === undefined || options.reference === ''
      ? undefined
      : parseRepositoryTag(options.reference);
  const container = await targetContainer(ctx, project, options);
  const name = containerNameOf(container);
  emit(ctx, 'container', name, 'Committing', 'working');
  try {
    const { Id } = await ctx.engine.containers.commit(container.Id, {
      repo: target?.repository,
      tag: target?.tag,
      author: options.author,
      comment: options.message,
      changes: options.changes,
      pause: options.pause ?? true,
      signal: options.signal,
    });
    emit(ctx, 'container', name, 'Committed', 'done', `as ${Id}`);
    return Id;
  } catch (err) {
    const failure = engineFailure(err, `cannot commit container ${name}`);
    const message = failure instanceof Error ? failure.message : String(failure);
    emit(ctx, 'container', name, 'Error', 'error', message);
    throw failure;
  }
}
