import { Option, type Command } from 'commander';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

interface RmFlags {
  force?: boolean;
  stop?: boolean;
  volumes?: boolean;
}

/** `flotilla rm`: remove stopped service containers. */
export function register(program: Command): void {
  program
    .command('rm')
    .description('Removes stopped service containers')
    .argument('[services...]')
    .option('-f, --force', "Don't ask to confirm removal")
    .option('-s, --stop', 'Stop the containers, if required, before removing')
    .option('-v, --volumes', 'Remove any anonymous volumes attached to containers')
    .addOption(new Option('-a, --all', 'Deprecated - no effect').hideHelp())
    .action((services: string[], flags: RmFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve, setConfirm }) => {
        const loaded = await loadProjectOrName(g);
        checkServiceNames(loaded, services);
        const project = await resolve(loaded);
        if (flags.force === true) {
          setConfirm((question) => {
            process.stdout.write(`${question}\n`);
            return Promise.resolve(true);
          });
        }
        await compose.remove(project, {
          services: services.filter((s) => typeof loaded !== 'string' || s in project.services),
          stop: flags.stop,
          volumes: flags.volumes,
        });
        return 0;
      }),
    );
}
