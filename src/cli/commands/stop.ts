import type { Command } from 'commander';
import {
  checkServiceNames,
  loadProjectOrName,
  parseTimeout,
  runVerb,
  servicesToActOn,
} from '../project.js';

/** `flotilla stop`: stop services, keeping their containers. */
export function register(program: Command): void {
  program
    .command('stop')
    .description('Stop services')
    .argument('[services...]')
    .option('-t, --timeout <seconds>', 'Specify a shutdown timeout in seconds')
    .action((services: string[], flags: { timeout?: string }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve }) => {
        const timeout = parseTimeout(flags.timeout);
        const loaded = await loadProjectOrName(g);
        checkServiceNames(loaded, services);
        const project = await resolve(loaded);
        const named = await servicesToActOn(loaded, project, services);
        if (named === undefined) return 0;
        await compose.stop(project, {
          services: named,
          timeout,
        });
        return 0;
      }),
    );
}
