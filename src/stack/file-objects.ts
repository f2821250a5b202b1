// The stack's secrets and configs on the swarm: created under their content-hashed names when
// missing, and the stack's older ones removed once no service refers to them.
import { ComposeError } from '../api/errors.js';
import type { ComposeContext } from '../compose/context.js';
import { emit, engineFailure } from '../compose/emit.js';
import { isEngineError, type SwarmConfig, type SwarmSecret } from '../engine/index.js';
import type { FileObjectKind, FileObjectPlan } from '../swarm/file-objects.js';

/** The objects a deploy uses and the stack's objects it no longer needs. */
export interface FileObjectIds {
  /** Engine ID by engine name, for every object the services use. */
  readonly ids: ReadonlyMap<string, string>;
  /** The stack's objects that the project no longer has (same key, older content). */
  readonly stale: readonly (SwarmSecret | SwarmConfig)[];
}

/**
 * Creates the secrets (or configs) the stack lacks (`existing` lists the stack's) and finds the
 * IDs of all it uses; external
 * ones are looked up by name. Content is sent to the engine only.
 * @throws ComposeError `CONSISTENCY` for a missing external object, `ENGINE`
 */
export async function ensureFileObjects(
  ctx: ComposeContext,
  kind: FileObjectKind,
  plans: readonly FileObjectPlan[],
  existing: readonly (SwarmSecret | SwarmConfig)[],
  signal: AbortSignal | undefined,
): Promise<FileObjectIds> {
  const api = kind === 'secret' ? ctx.engine.secrets : ctx.engine.configs;
  const byName = new Map(existing.map((o) => [o.Spec.Name, o.ID]));
  const ids = new Map<string, string>();
  await Promise.all(
    plans.map(async (plan) => {
      const known = byName.get(plan.name);
      if (known !== undefined) {
        ids.set(plan.name, known);
        return;
      }
      if (plan.external || plan.spec === undefined) {
        ids.set(plan.name, await externalObjectId(ctx, kind, plan.name, signal));
        return;
      }
      emit(ctx, kind, plan.name, 'Creating', 'working');
      try {
        ids.set(plan.name, (await api.create(plan.spec, { signal })).ID);
      } catch (err) {
        // Same name, same content: made by a concurrent deploy, or without the stack's label.
        if (isEngineError(err, 409)) {
          ids.set(plan.name, (await api.inspect(plan.name, { signal })).ID);
          emit(ctx, kind, plan.name, 'Exists');
          return;
        }
        emit(ctx, kind, plan.name, 'Error', 'error', (err as Error).message);
        throw engineFailure(err, `failed to create ${kind} ${plan.name}`);
      }
      emit(ctx, kind, plan.name, 'Created');
    }),
  );
  const wanted = new Set(plans.map((p) => p.name));
  return { ids, stale: existing.filter((o) => !wanted.has(o.Spec.Name)) };
}

/**
 * The ID of an external secret or config.
 * @throws ComposeError `CONSISTENCY` when there is none of that name
 */
export async function externalObjectId(
  ctx: ComposeContext,
  kind: FileObjectKind,
  name: string,
  signal: AbortSignal | undefined,
): Promise<string> {
  const api = kind === 'secret' ? ctx.engine.secrets : ctx.engine.configs;
  const found = (await api.list({ filters: { name: [name] }, signal })).find(
    (o) => o.Spec.Name === name,
  );
  if (found === undefined) {
    throw new ComposeError(
      'CONSISTENCY',
      `${kind} ${JSON.stringify(name)} is declared as external, but could not be found: create it (docker ${kind} create ${name} FILE) before the stack is deployed`,
    );
  }
  return found.ID;
}

/**
 * Removes `stale` objects that no service refers to any more (the services were pointed at
 * the new names first); one still in use is left, with a warning.
 */
export async function removeUnusedFileObjects(
  ctx: ComposeContext,
  kind: FileObjectKind,
  stale: readonly (SwarmSecret | SwarmConfig)[],
  signal: AbortSignal | undefined,
): Promise<void> {
  if (stale.length === 0) return;
  const services = await ctx.engine.services.list({ signal });
  const used = new Set<string>();
  for (const s of services) {
    const c = s.Spec.TaskTemplate.ContainerSpec;
    for (const r of c?.Secrets ?? []) used.add(r.SecretID);
    for (const r of c?.Configs ?? []) used.add(r.ConfigID);
  }
  const api = kind === 'secret' ? ctx.engine.secrets : ctx.engine.configs;
  await Promise.all(
    stale
      .filter((o) => !used.has(o.ID))
      .map(async (o) => {
        emit(ctx, kind, o.Spec.Name, 'Removing', 'working');
        try {
          await api.remove(o.ID, { signal });
          emit(ctx, kind, o.Spec.Name, 'Removed');
        } catch (err) {
          emit(ctx, kind, o.Spec.Name, 'Error', 'warning', (err as Error).message);
          ctx.warn(`${kind} ${o.Spec.Name} was not removed: ${(err as Error).message}`);
        }
      }),
  );
}
