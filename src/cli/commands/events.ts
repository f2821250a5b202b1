import type { Command } from 'commander';
import { runVerb } from '../project.js';
import { containerVerbProject } from './exec.js';

/** `flotilla events [SERVICE...]`: stream the project's container events. */
export function register(program: Command): void {
  program
    .command('events')
    .description('Receive real time events from containers')
    .argument('[services...]')
    .option('--json', 'Output events as a stream of json objects')
    .option('--since <time>', 'Show all events created since timestamp')
    .option('--until <time>', 'Stream events until this timestamp')
    .action(
      (
        services: string[],
        flags: { json?: boolean; since?: string; until?: string },
        cmd: Command,
      ) =>
        runVerb(cmd, async ({ g, compose }) => {
          const { eventJson, formatEvent } = await import('../../compose/events.js');
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
                process.stdout.write(`${flags.json === true ? eventJson(e) : formatEvent(e)}\n`);
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
