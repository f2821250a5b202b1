// `ls`: the compose projects present on the engine, grouped by their label.
import type { ListOptions, ProjectListing } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { ContainerSummary as EngineContainer } from '../engine/index.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { LABEL, labelFilter } from './labels.js';

/**
 * Lists the projects that have containers (running ones, or every one with `all`), sorted by
 * name, with their state counts (`exited(1), running(2)`) and config files. A project whose
 * containers lack the config files label is listed with `N/A` and a warning.
 * @throws {ComposeError} `USAGE` for a `name` filter that is not a regular expression
 */
export async function ls(
  ctx: ComposeContext,
  options: ListOptions = {},
): Promise<ProjectListing[]> {
  let pattern: RegExp | undefined;
  if (options.name !== undefined && options.name !== '') {
    try {
      pattern = new RegExp(options.name);
    } catch (cause) {
      throw new ComposeError(
        'USAGE',
        `invalid --filter name=${options.name}: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  let containers: EngineContainer[];
  try {
    containers = await ctx.engine.containers.list({
      all: options.all ?? false,
      filters: { label: [labelFilter(LABEL.project), labelFilter(LABEL.configHash)] },
      signal: options.signal,
    });
  } catch (err) {
    throw engineFailure(err);
  }
  const groups = new Map<string, EngineContainer[]>();
  for (const c of containers) {
    const name = c.Labels?.[LABEL.project];
    if (name === undefined || name === '') continue;
    if (pattern !== undefined && !pattern.test(name)) continue;
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [c]);
    else group.push(c);
  }
  return [...groups.keys()].sort().map((name) => {
    const group = groups.get(name) ?? [];
    return { name, status: combinedStatus(group), configFiles: configFiles(ctx, name, group) };
  });
}

/** `exited(1), running(2)`: the containers counted by state, states in alphabetical order. */
export function combinedStatus(containers: readonly Pick<EngineContainer, 'State'>[]): string {
  const counts = new Map<string, number>();
  for (const c of containers) counts.set(c.State, (counts.get(c.State) ?? 0) + 1);
  return [...counts.keys()]
    .sort()
    .map((s) => `${s}(${counts.get(s) ?? 0})`)
    .join(', ');
}

function configFiles(
  ctx: ComposeContext,
  project: string,
  group: readonly EngineContainer[],
): string {
  const files: string[] = [];
  for (const c of group) {
    const label = c.Labels?.[LABEL.configFiles];
    if (label === undefined) {
      ctx.warn(
        `project ${project}: container ${c.Id.slice(0, 12)} has no ${LABEL.configFiles} label`,
      );
      return 'N/A';
    }
    for (const f of label.split(',')) if (f !== '' && !files.includes(f)) files.push(f);
  }
  return files.join(',');
}
