// Two runs of one project creating the same container at the same moment: the engine keeps
// container names unique, so one creation fails with a name conflict; the container the other
// run made is the one this run wanted, and is used as its own.
import { isComposeError } from '../api/errors.js';
import { isEngineError } from '../engine/index.js';
import type { ContainerCreatePlan } from './container-config.js';
import type { ComposeContext } from './context.js';
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
  try {
    const found = await ctx.engine.containers.inspect(name, { signal });
    const labels = found.Config.Labels ?? {};
    return IDENTITY.every((k) => wanted[k] !== undefined && labels[k] === wanted[k])
      ? found.Id
      : undefined;
  } catch {
    return undefined;
  }
}
