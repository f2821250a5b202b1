// Stack commands need a swarm manager; say how to get one when the engine is not.
import { ComposeError } from '../api/errors.js';
import type { ComposeContext } from '../compose/context.js';

/**
 * Checks that the engine is a swarm manager, as `docker stack` does before anything else.
 * @throws ComposeError `ENGINE`, one line saying how to start or join a swarm
 */
export async function requireManager(ctx: ComposeContext, signal?: AbortSignal): Promise<void> {
  const info = await ctx.engine.info({ signal });
  if (info.Swarm.ControlAvailable) return;
  const state = info.Swarm.LocalNodeState;
  const why =
    state === 'active'
      ? 'is a swarm worker, not a manager: run the command against a manager (DOCKER_HOST)'
      : state === 'locked'
        ? 'is a locked swarm manager: unlock it with `docker swarm unlock`'
        : 'is not part of a swarm: start one with `docker swarm init` (or join one with `docker swarm join`)';
  throw new ComposeError(
    'ENGINE',
    `the Docker engine at ${ctx.engine.host} ${why}, then try again`,
  );
}
