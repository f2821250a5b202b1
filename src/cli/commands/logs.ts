import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

interface LogsFlags {
  follow?: boolean;
  timestamps?: boolean;
  tail: string;
  since?: string;
  until?: string;
  index?: string;
  color: boolean;
  logPrefix: boolean;
}

/** `flotilla logs`: show container output. */
export function register(program: Command): void {
  program
    .command('logs')
    .description('View output from containers')
    .argument('[services...]')
    .option('-f, --follow', 'Follow log output')
    .option('-t, --timestamps', 'Show timestamps')
    .option(
      '-n, --tail <lines>',
      'Number of lines to show from the end of the logs for each container',
      'all',
    )
    .option(
      '--since <time>',
      'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)',
    )
    .option(
      '--until <time>',
      'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)',
    )
    .option('--index <n>', 'index of the container if service has multiple replicas')
    .option('--no-color', 'Produce monochrome output')
    .option('--no-log-prefix', "Don't print prefix in logs")
    .action((services: string[], flags: LogsFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, display }) => {
        let index: number | undefined;
        if (flags.index !== undefined) {
          index = Number(flags.index);
          if (!Number.isInteger(index) || index < 1) {
            throw new ComposeError('USAGE', `invalid --index value ${JSON.stringify(flags.index)}`);
          }
        }
        if (flags.tail !== 'all' && !/^-?\d+$/.test(flags.tail)) {
          throw new ComposeError(
            'USAGE',
            `invalid --tail value ${JSON.stringify(flags.tail)}: a number or "all"`,
          );
        }
        const project = await loadProjectOrName(g);
        checkServiceNames(project, services);
        const { createLogPrinter } = await import('../../progress/log-printer.js');
        const printer = createLogPrinter({
          stdout: process.stdout,
          color: flags.color && display.colorLogs,
          prefix: flags.logPrefix,
        });
        const controller = new AbortController();
        const onSignal = (): void => {
          controller.abort();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await compose.logs(project, printer, {
            services,
            follow: flags.follow,
            tail: flags.tail,
            since: flags.since,
            until: flags.until,
            timestamps: flags.timestamps,
            index,
            signal: controller.signal,
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        return controller.signal.aborted ? 130 : 0;
      }),
    );
}
