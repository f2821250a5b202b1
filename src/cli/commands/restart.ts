import type { Command } from 'commander';
import { checkServiceNames, loadProjectOrName, parseTimeout, runVerb } from '../project.js';

/** `flotilla restart`: restart service containers. */
export function register(program: Command): void {
  program
    .command('restart')
    .description('Restart service containers')
    .argument('[services...]')
    .option('-t, --timeout <seconds>', 'Specify a shutdown timeout in seconds')
    .option('--no-deps', "Don't restart dependent services")
    .action((services: string[], flags: { timeout?: string; deps: boolean }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve }) => {
        const timeout = parseTimeout(flags.timeout);
        const loaded = await loadProjectOrName(g);
        // Without a file, after the labels: a name without containers is an error here too, as
        // in docker compose.
        const project = await resolve(loaded);
        checkServiceNames(project, services);
        await compose.restart(project, {
          services,
          timeout,
          noDeps: !flags.deps,
        });
        return 0;
      }),
    );
}
