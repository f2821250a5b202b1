import { Option, type Command } from 'commander';
import { stderrText } from '../output.js';
import { checkServiceNames, loadProjectOrName, runVerb, servicesToActOn } from '../project.js';

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
        const named = await servicesToActOn(loaded, project, services);
        if (named === undefined) {
          stderrText.write('No stopped containers\n');
          return 0;
        }
        if (flags.force === true) {
          setConfirm((question) => {
            process.stdout.write(`${question}\n`);
            return Promise.resolve(true);
          });
        }
        await compose.remove(project, {
          services: named,
          stop: flags.stop,
          volumes: flags.volumes,
        });
        return 0;
      }),
    );
}
