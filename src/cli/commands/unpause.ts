import type { Command } from 'commander';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

/** `flotilla unpause`. */
export function register(program: Command): void {
  program
    .command('unpause')
    .description('Unpause services')
    .argument('[services...]')
    .action((services: string[], _flags: unknown, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve }) => {
        const loaded = await loadProjectOrName(g);
        checkServiceNames(loaded, services);
        const project = await resolve(loaded);
        await compose.unpause(project, {
          services: services.filter((s) => typeof loaded !== 'string' || s in project.services),
        });
        return 0;
      }),
    );
}
