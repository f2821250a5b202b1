import type { Command } from 'commander';
import { loadProjectOrName, runVerb } from '../project.js';

/** `flotilla wait SERVICE...`: block until the containers stop; exit with their status. */
export function register(program: Command): void {
  program
    .command('wait')
    .description('Block until containers of all (or specified) services stop.')
    .argument('<services...>')
    .option('--down-project', 'Drops project when the first container stops')
    .option('--report <file>', 'Write a JSON run report to FILE (also FLOTILLA_REPORT)')
    .action((services: string[], flags: { downProject?: boolean; report?: string }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, reporting }) => {
        const report = reporting('wait', flags.report);
        return compose.wait(await loadProjectOrName(g), {
          ...report,
          services,
          downProject: flags.downProject,
          onExit: (id, code) => {
            process.stdout.write(
              `container ${JSON.stringify(id)} exited with status code ${code}\n`,
            );
          },
        });
      }),
    );
}
