import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

/** `flotilla start`: start existing containers. */
export function register(program: Command): void {
  program
    .command('start')
    .description('Start services')
    .argument('[services...]')
    .option('--wait', 'Wait for services to be running|healthy. Implies detached mode.')
    .option(
      '--wait-timeout <seconds>',
      'Maximum duration in seconds to wait for the project to be running|healthy',
    )
    .option('--report <file>', 'Write a JSON run report to FILE (also FLOTILLA_REPORT)')
    .action((services: string[], flags: StartFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve, reporting }) => {
        const report = reporting('start', flags.report);
        const waitTimeout = nonNegative(flags.waitTimeout);
        const loaded = await loadProjectOrName(g);
        // Without a file, after the labels: a name without containers is an error here too, as
        // in docker compose.
        const project = await resolve(loaded);
        checkServiceNames(project, services);
        await compose.start(project, {
          services,
          wait: flags.wait,
          waitTimeout,
          ...report,
        });
        return 0;
      }),
    );
}

interface StartFlags {
  wait?: boolean;
  waitTimeout?: string;
  report?: string;
}

function nonNegative(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new ComposeError('USAGE', '--wait-timeout must be a non-negative integer');
  }
  return n;
}
