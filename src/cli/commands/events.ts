import type { Command } from 'commander';
import type { ComposeEvent } from '../../api/compose.js';
import { formatRows, goStruct, parseFormat } from '../list-format.js';
import { runVerb } from '../project.js';
import { containerVerbProject } from './exec.js';

/** `flotilla events [SERVICE...]`: stream the project's container events. */
export function register(program: Command): void {
  program
    .command('events')
    .description('Receive real time events from containers')
    .argument('[services...]')
    .option('--json', 'Output events as a stream of json objects')
    .option('--format <format>', 'Format the output: json (as --json) or a Go template')
    .option('--since <time>', 'Show all events created since timestamp')
    .option('--until <time>', 'Stream events until this timestamp')
    .action(
      (
        services: string[],
        flags: { json?: boolean; format?: string; since?: string; until?: string },
        cmd: Command,
      ) =>
        runVerb(cmd, async ({ g, compose }) => {
          const { eventJson, formatEvent } = await import('../../compose/events.js');
          const format = flags.format ?? (flags.json === true ? 'json' : undefined);
          const template =
            format === undefined || format === 'json' ? undefined : parseFormat(format);
          const print = (e: ComposeEvent): string => {
            if (format === 'json') return `${eventJson(e)}\n`;
            if (template === undefined) return `${formatEvent(e)}\n`;
            return formatRows(format!, [eventRow(e)], { table: '', headers: EVENT_HEADERS });
          };
          const controller = new AbortController();
          const stop = (): void => {
            controller.abort();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          try {
            await compose.events(
              await containerVerbProject(g),
              (e) => {
                process.stdout.write(print(e));
              },
              { services, since: flags.since, until: flags.until, signal: controller.signal },
            );
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          }
          // Interrupted, as docker compose ends any command: 130.
          return controller.signal.aborted ? 130 : 0;
        }),
    );
}

/** Column titles of an `events --format "table ..."`, by field. */
const EVENT_HEADERS: Readonly<Record<string, string>> = {
  Time: 'TIME',
  Type: 'TYPE',
  Service: 'SERVICE',
  ID: 'CONTAINER ID',
  Action: 'ACTION',
  Attributes: 'ATTRIBUTES',
};

/**
 * An event as `--format` templates see it (flotilla's addition; docker compose has only
 * `--json`): the `--json` keys capitalised, `Attributes` a map (`{{.Attributes.image}}`).
 */
function eventRow(e: ComposeEvent): object {
  return goStruct('events.Event', {
    Time: e.time.toISOString(),
    Type: e.type,
    Service: e.service,
    ID: e.id,
    Action: e.action,
    Attributes: new Map(Object.entries(e.attributes)),
  });
}
