import type { Command } from 'commander';
import { checkServiceNames, isTrue, loadProjectOrName, runVerb } from '../project.js';

/** `flotilla kill`: send a signal to service containers. */
export function register(program: Command): void {
  program
    .command('kill')
    .description('Force stop service containers')
    .argument('[services...]')
    .option('-s, --signal <signal>', 'SIGNAL to send to the container', 'SIGKILL')
    .option('--remove-orphans', 'Remove containers for services not defined in the Compose file')
    .action(
      (services: string[], flags: { signal: string; removeOrphans?: boolean }, cmd: Command) =>
        runVerb(cmd, async ({ g, compose, resolve }) => {
          const loaded = await loadProjectOrName(g);
          checkServiceNames(loaded, services);
          const project = await resolve(loaded);
          await compose.kill(project, {
            services: services.filter((s) => typeof loaded !== 'string' || s in project.services),
            killSignal: flags.signal,
            removeOrphans: flags.removeOrphans ?? isTrue(process.env.COMPOSE_REMOVE_ORPHANS),
          });
          return 0;
        }),
    );
}
