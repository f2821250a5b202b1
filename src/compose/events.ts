// `events`: the project's container events, as the engine reports them.
import type { ComposeEvent, EventsOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { EngineEvent } from '../engine/index.js';
import { toEngineTime } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { COMPOSE_LABEL_PREFIX, LABEL, labelFilter } from './labels.js';
import { checkServices } from './project-containers.js';

/**
 * Streams the project's container events to `consumer` (`events`): one-off containers are
 * skipped, and the attributes lose the `com.docker.compose.*` labels. Follows until `signal`
 * aborts (resolving normally), or until `until` when it is given.
 * @throws {ComposeError} `USAGE` for a bad `--since`/`--until` or an unknown service
 */
export async function events(
  ctx: ComposeContext,
  project: Project | string,
  consumer: (event: ComposeEvent) => void,
  options: EventsOptions = {},
): Promise<void> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') checkServices(project, options.services);
  const since = engineTime(options.since, '--since');
  const until = engineTime(options.until, '--until');
  const services = new Set(options.services ?? []);
  try {
    const stream = await ctx.engine.events({
      since,
      until,
      filters: { type: ['container'], label: [labelFilter(LABEL.project, name)] },
      signal: options.signal,
    });
    for await (const e of stream) {
      const event = toComposeEvent(e);
      if (event === undefined) continue;
      if (services.size > 0 && !services.has(event.service)) continue;
      consumer(event);
    }
  } catch (err) {
    // Cancelling ends the stream in more ways than an AbortError (the response is cut off).
    if (options.signal?.aborted === true) return;
    throw engineFailure(err);
  }
}

/** Converts an engine event; undefined for events compose does not report (one-offs, non-containers). */
export function toComposeEvent(e: EngineEvent): ComposeEvent | undefined {
  if (e.Type !== 'container') return undefined;
  const all = e.Actor.Attributes ?? {};
  if (all[LABEL.oneoff] === 'True') return undefined;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(COMPOSE_LABEL_PREFIX)) attributes[k] = v;
  }
  return {
    time: new Date(Math.floor(e.timeNano / 1e6)),
    type: 'container',
    id: e.Actor.ID,
    service: all[LABEL.service] ?? '',
    action: e.Action,
    attributes,
  };
}

/**
 * The text form docker compose prints:
 * `2024-01-02 15:04:05.000000 container start <id> (image=nginx, name=p-web-1)`, in local time.
 */
export function formatEvent(event: ComposeEvent): string {
  const t = event.time;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp =
    `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ` +
    `${p(t.getHours())}:${p(t.getMinutes())}:${p(t.getSeconds())}.${p(t.getMilliseconds(), 3)}000`;
  const attrs = Object.keys(event.attributes)
    .sort()
    .map((k) => `${k}=${event.attributes[k]}`)
    .join(', ');
  return `${stamp} container ${event.action} ${event.id} (${attrs})`;
}

/** The `--json` form: `{"action","attributes","id","service","time","type"}`. */
export function eventJson(event: ComposeEvent): string {
  return JSON.stringify({
    action: event.action,
    attributes: event.attributes,
    id: event.id,
    service: event.service,
    time: event.time.toISOString(),
    type: event.type,
  });
}

function engineTime(value: string | undefined, flag: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return toEngineTime(value);
  } catch (cause) {
    throw new ComposeError('USAGE', `${flag}: ${(cause as Error).message}`, { cause });
  }
}
