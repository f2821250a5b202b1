// `up`: the create phase, then the start phase — detached, waiting (`--wait`), or attached with
// the containers' output multiplexed to a log consumer and exits monitored (up-attached.ts).
import type { UpOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { createProject } from './create.js';
import { startProject } from './start.js';

/** Checks the flag combinations compose rejects, before any engine call. */
export function validateUpOptions(project: Project, options: UpOptions): void {
  const fail = (message: string): never => {
    throw new ComposeError('USAGE', message);
  };
  if (options.build === true && options.noBuild === true) {
    fail('--build and --no-build are incompatible');
  }
  if (options.abortOnContainerExit === true && options.abortOnContainerFailure === true) {
    fail('--abort-on-container-failure cannot be combined with --abort-on-container-exit');
  }
  if (
    options.detach === true &&
    (options.abortOnContainerExit === true ||
      options.abortOnContainerFailure === true ||
      options.attach !== undefined ||
      options.attachDependencies === true ||
      options.watch !== undefined)
  ) {
    fail(
      '--detach cannot be combined with --abort-on-container-exit, --abort-on-container-failure, --attach, --attach-dependencies or --watch',
    );
  }
  if (
    options.wait === true &&
    (options.abortOnContainerExit === true ||
      options.attach !== undefined ||
      options.attachDependencies === true)
  ) {
    fail(
      '--wait cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies',
    );
  }
  if (
    options.waitTimeout !== undefined &&
    (!Number.isInteger(options.waitTimeout) || options.waitTimeout < 0)
  ) {
    fail('--wait-timeout must be a non-negative integer');
  }
  if (
    options.exitCodeFrom !== undefined &&
    !Object.hasOwn(project.services, options.exitCodeFrom)
  ) {
    fail(`no such service: ${options.exitCodeFrom}`);
  }
  for (const name of [...(options.attach ?? []), ...(options.noAttach ?? [])]) {
    if (!Object.hasOwn(project.services, name)) fail(`no such service: ${name}`);
  }
}

/**
 * `up`: creates (building and pulling as needed) and starts the services. Detached (`detach`
 * or `wait`) it resolves with 0 once started; attached it follows the containers' output until
 * they exit (or `signal` aborts: the services are then stopped) and resolves with the exit code.
 * @throws ComposeError for invalid options and every failure of the create or start phase
 */
export async function up(
  ctx: ComposeContext,
  project: Project,
  options: UpOptions = {},
): Promise<number> {
  validateUpOptions(project, options);
  const rules =
    options.watch === undefined
      ? undefined
      : (await import('./watch-session.js')).watchRules(
          project,
          options.services,
          options.noBuild === true,
        );
  const created = await createProject(ctx, project, options);
  if (options.noStart === true) return 0;
  const startOptions = {
    services: created.services,
    containers: created.containers,
    scale: options.scale,
    signal: options.signal,
  };
  if (options.detach === true || options.wait === true) {
    await startProject(ctx, project, {
      ...startOptions,
      wait: options.wait,
      waitTimeout: options.waitTimeout,
    });
    return 0;
  }
  const { upAttached } = await import('./up-attached.js');
  return upAttached(ctx, project, options, startOptions, rules);
}
