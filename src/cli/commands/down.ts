import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { printPlan, planFormatFor, type PlanFlags } from '../plan-format.js';
import { checkServiceNames, isTrue, loadProjectOrName, parseTimeout, runVerb } from '../project.js';

interface DownFlags extends PlanFlags {
  removeOrphans?: boolean;
  timeout?: string;
  volumes?: boolean;
  rmi?: string;
}

/** `flotilla down`: stop and remove containers and networks (and volumes, images on request). */
export function register(program: Command): void {
  program
    .command('down')
    .description('Stop and remove containers, networks')
    .argument('[services...]')
    .option('--remove-orphans', 'Remove containers for services not defined in the Compose file')
    .option('-t, --timeout <seconds>', 'Specify a shutdown timeout in seconds')
    .option(
      '-v, --volumes',
      'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers',
    )
    .option(
      '--rmi <type>',
      'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")',
    )
    .option('--format <format>', 'Format of the plan of --dry-run: text|json')
    .action((services: string[], flags: DownFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const timeout = parseTimeout(flags.timeout);
        const format = planFormatFor(flags.format, g.dryRun === true, 'down');
        if (flags.rmi !== undefined && flags.rmi !== 'local' && flags.rmi !== 'all') {
          throw new ComposeError('USAGE', `invalid value for --rmi: ${JSON.stringify(flags.rmi)}`);
        }
        const project = await loadProjectOrName(g);
        checkServiceNames(project, services);
        const options = {
          services,
          timeout,
          volumes: flags.volumes,
          rmi: flags.rmi,
          removeOrphans: flags.removeOrphans ?? isTrue(process.env.COMPOSE_REMOVE_ORPHANS),
        } as const;
        if (g.dryRun === true) {
          const plan = await compose.planDown(project, { ...options, emitEvents: true });
          printPlan(plan, format, process.stdout);
          return 0;
        }
        await compose.down(project, options);
        return 0;
      }),
    );
}
