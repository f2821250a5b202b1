import type { Command } from 'commander';
import { stderrText } from '../output.js';
import {
  checkServiceNames,
  isTrue,
  loadProjectOrName,
  runVerb,
  servicesToActOn,
} from '../project.js';

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
          const named = await servicesToActOn(loaded, project, services);
          if (named === undefined) {
            stderrText.write('No container to kill\n');
            return 0;
          }
          await compose.kill(project, {
            services: named,
            killSignal: flags.signal,
            removeOrphans: flags.removeOrphans ?? isTrue(process.env.COMPOSE_REMOVE_ORPHANS),
          });
          return 0;
        }),
    );
}
