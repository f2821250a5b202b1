import type { Command } from 'commander';
import { loadProjectOrName, runVerb } from '../project.js';

/** `flotilla wait SERVICE...`: block until the containers stop; exit with their status. */
export function register(program: Command): void {
  program
    .command('wait')
    .description('Block until containers of all (or specified) services stop.')
    .argument('<services...>')
    .option('--down-project', 'Drops project when the first container stops')
    .action((services: string[], flags: { downProject?: boolean }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) =>
        compose.wait(await loadProjectOrName(g), {
          services,
          downProject: flags.downProject,
          onExit: (id, code) => {
            process.stdout.write(
              `container ${JSON.stringify(id)} exited with status code ${code}\n`,
            );
          },
        }),
      ),
    );
}
