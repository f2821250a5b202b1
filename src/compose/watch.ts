// `watch`: builds and starts the services (unless `noUp`), then follows their `develop.watch`
// paths until the signal aborts (watch-session.ts), as docker compose's watch does.
import type { WatchOptions } from '../api/compose.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { up } from './up.js';
import { startWatch, watchRules } from './watch-session.js';

/**
 * `watch`: unless `noUp`, builds and starts the services (detached) first; then watches until
 * `signal` aborts.
 * @throws {ComposeError} `USAGE` when no selected service has `develop.watch`, for rebuild
 *   rules without a build section or with `noBuild`; failures of the initial `up`
 */
export async function watch(
  ctx: ComposeContext,
  project: Project,
  options: WatchOptions = {},
): Promise<void> {
  const rules = watchRules(project, options.services, options.noBuild === true);
  if (options.noUp !== true) {
    // Services that are built and watched are always rebuilt, so the image matches the sources.
    const services = Object.fromEntries(
      Object.entries(project.services).map(([name, s]) => [
        name,
        s.build !== undefined && s.develop !== undefined ? { ...s, pullPolicy: 'build' } : s,
      ]),
    );
    await up(
      ctx,
      { ...project, services },
      {
        services: options.services,
        detach: true,
        recreateDependencies: 'never',
        quietPull: options.quiet,
        signal: options.signal,
      },
    );
  }
  const session = await startWatch(ctx, project, rules, options);
  await session.done;
}
