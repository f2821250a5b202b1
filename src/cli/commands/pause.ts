import type { Command } from 'commander';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

/** `flotilla pause`. */
export function register(program: Command): void {
  program
    .command('pause')
    .description('Pause services')
    .argument('[services...]')
    .action((services: string[], _flags: unknown, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve }) => {
        const loaded = await loadProjectOrName(g);
        checkServiceNames(loaded, services);
        const project = await resolve(loaded);
        await compose.pause(project, {
          services: services.filter((s) => typeof loaded !== 'string' || s in project.services),
        });
        return 0;
      }),
    );
}
