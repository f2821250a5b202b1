// The library's entry point for stacks: a Stacks bound to an engine (a swarm manager) and a
// progress sink, each verb loaded on first use.
import { FLOTILLA_VERSION } from '../api/version.js';
import type { Stacks } from '../api/stack.js';
import { toComposeError, type CreateComposeOptions } from '../compose/compose.js';
import { composeContext } from '../compose/context.js';

/** How {@link createStacks} is wired: as {@link CreateComposeOptions}. */
export type CreateStacksOptions = Pick<
  CreateComposeOptions,
  'engine' | 'events' | 'parallel' | 'warn' | 'info'
>;

/**
 * Creates the {@link Stacks} implementation on the Docker Engine API of a swarm manager.
 * @example
 * const stacks = createStacks({ warn: (m) => console.error(m) });
 * await stacks.deployStack(await loadProject({ cwd: '/srv/app' }), { stack: 'app', wait: true });
 */
export function createStacks(options: CreateStacksOptions = {}): Stacks {
  const ctx = composeContext({
    engine: options.engine,
    events: options.events,
    parallel: options.parallel,
    composeVersion: FLOTILLA_VERSION,
    warn: options.warn,
    info: options.info,
  });

  return {
    deployStack: (project, o) =>
      run(async () => (await import('./deploy.js')).deployStack(ctx, project, o)),
    planStackDeploy: (project, o) =>
      run(async () => (await import('./plan.js')).planStackDeploy(ctx, project, o)),
    removeStack: (stacks, o) =>
      run(async () => (await import('./remove.js')).removeStack(ctx, stacks, o)),
    listStacks: (o) => run(async () => (await import('./list.js')).listStacks(ctx, o)),
    stackPs: (stack, o) => run(async () => (await import('./ps.js')).stackPs(ctx, stack, o)),
    stackServices: (stack, o) =>
      run(async () => (await import('./list.js')).stackServices(ctx, stack, o)),
    stackConfig: (project, o) =>
      run(async () => (await import('./config.js')).stackConfig(project, o)),
  };
}

async function run<T>(verb: () => Promise<T>): Promise<T> {
  try {
    return await verb();
  } catch (err) {
    throw toComposeError(err);
  }
}
