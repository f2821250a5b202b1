// Two runs of one project creating the same container at the same moment: the engine keeps
// container names unique, so one creation fails with a name conflict; the container the other
// run made is the one this run wanted, and is used as its own.
import { isComposeError } from '../api/errors.js';
import { isEngineError } from '../engine/index.js';
import type { ContainerCreatePlan } from './container-config.js';
import type { ComposeContext } from './context.js';
import { sleep } from './emit.js';
import { LABEL } from './labels.js';

/** The labels that make two containers the same one of a project. */
const IDENTITY = [LABEL.project, LABEL.service, LABEL.containerNumber, LABEL.configHash] as const;

/**
 * When creating container `name` failed because the name is taken (409) by a container with the
 * same project, service, number and config hash as `plan` (another run made it meanwhile),
 * returns that container's ID; otherwise undefined (the failure stands).
 */
export async function twinOf(
  ctx: ComposeContext,
  name: string,
  plan: ContainerCreatePlan,
  failure: unknown,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  const cause = isComposeError(failure) ? failure.cause : failure;
  if (!isEngineError(cause, 409)) return undefined;
  const wanted: Partial<Record<string, string>> = plan.body.Labels ?? {};
  // The engine takes the name before it has made the container: until then the name is taken
  // but no container answers to it.
  const deadline = Date.now() + TWIN_WAIT_MS;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      const found = await ctx.engine.containers.inspect(name, { signal });
      const labels = found.Config.Labels ?? {};
      return IDENTITY.every((k) => wanted[k] !== undefined && labels[k] === wanted[k])
        ? found.Id
        : undefined;
    } catch (err) {
      if (!isEngineError(err, 404) || Date.now() + pause > deadline) return undefined;
    }
    await sleep(pause, signal);
  }
}

/** How long a container whose name is taken may take to appear (ms). */
const TWIN_WAIT_MS = 30_000;
