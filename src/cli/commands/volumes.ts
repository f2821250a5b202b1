import type { Command } from 'commander';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

/** `flotilla volumes [SERVICE...]`: the project's volumes. */
export function register(program: Command): void {
  program
    .command('volumes')
    .description('List volumes')
    .usage('[OPTIONS] [SERVICE...]')
    .argument('[services...]')
    .option('-q, --quiet', 'Only display volume names')
    .option(
      '--format <format>',
      'Format output using a custom template: table, table TEMPLATE, json, or a Go template',
      'table',
    )
    .action((services: string[], flags: { quiet?: boolean; format: string }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const project = await loadProjectOrName(g);
        checkServiceNames(project, services);
        const list = await compose.volumes(project, { services });
        if (flags.quiet === true) {
          process.stdout.write(list.map((v) => `${v.name}\n`).join(''));
          return 0;
        }
        const { formatVolumes } = await import('../volume-format.js');
        process.stdout.write(formatVolumes(list, flags.format));
        return 0;
      }),
    );
}
