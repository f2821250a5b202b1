import type { Command } from 'commander';
import { collect } from '../global-flags.js';
import { planFormatFor, printPlan, type PlanFlags } from '../plan-format.js';
import { loadCliProjectEnabling, runVerb } from '../project.js';
import { createOptionsFrom, type UpFlags } from '../up-flags.js';
import { fromRawArgs, rawArgs } from './up.js';

/** `flotilla create`: create containers without starting them. */
export function register(program: Command): void {
  program
    .command('create')
    .description('Creates containers for a service')
    .argument('[services...]')
    .option('--build', 'Build images before starting containers')
    .option('--no-build', "Don't build an image, even if it's policy")
    .option('--pull <policy>', 'Pull image before running ("always"|"missing"|"never"|"build")')
    .option('--quiet-pull', 'Pull without printing progress information')
    .option(
      '--force-recreate',
      "Recreate containers even if their configuration and image haven't changed",
    )
    .option(
      '--no-recreate',
      "If containers already exist, don't recreate them. Incompatible with --force-recreate.",
    )
    .option('--remove-orphans', 'Remove containers for services not defined in the Compose file')
    .option('--scale <scale>', 'Scale SERVICE to NUM instances', collect)
    .option('-y, --yes', 'Assume "yes" as answer to all prompts and run non-interactively')
    .option('--format <format>', 'Format of the plan of --dry-run: text|json')
    .action((services: string[], flags: UpFlags & PlanFlags, c: Command) =>
      runVerb(c, async ({ g, compose }) => {
        const options = createOptionsFrom(fromRawArgs(flags, rawArgs(c)), services, process.env);
        const format = planFormatFor(flags.format, g.dryRun === true, 'create');
        const project = await loadCliProjectEnabling(g, services);
        for (const s of [...services, ...Object.keys(options.scale ?? {})]) {
          if (!Object.hasOwn(project.services, s) && !Object.hasOwn(project.disabledServices, s)) {
            const { ComposeError } = await import('../../api/errors.js');
            throw new ComposeError('USAGE', `no such service: ${s}`);
          }
        }
        if (g.dryRun === true) {
          const plan = await compose.planUp(project, {
            ...options,
            command: 'create',
            emitEvents: true,
          });
          printPlan(plan, format, process.stdout);
          return 0;
        }
        await compose.create(project, options);
        return 0;
      }),
    );
}
