import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { checkServiceNames, loadCliProject, runVerb } from '../project.js';

interface PullFlags {
  quiet?: boolean;
  ignorePullFailures?: boolean;
  includeDeps?: boolean;
  ignoreBuildable?: boolean;
  policy?: string;
}

/** `flotilla pull`: pull the images of services. */
export function register(program: Command): void {
  program
    .command('pull')
    .description('Pull service images')
    .argument('[services...]')
    .option('-q, --quiet', 'Pull without printing progress information')
    .option('--ignore-pull-failures', 'Pull what it can and ignores images with pull failures')
    .option('--include-deps', 'Also pull services declared as dependencies')
    .option('--ignore-buildable', 'Ignore images that can be built')
    .option('--policy <policy>', 'Apply pull policy ("missing"|"always")')
    .action((services: string[], flags: PullFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        if (flags.policy !== undefined && flags.policy !== 'missing' && flags.policy !== 'always') {
          throw new ComposeError(
            'USAGE',
            `invalid pull policy ${JSON.stringify(flags.policy)}: use "missing" or "always"`,
          );
        }
        const project = await loadCliProject(g);
        checkServiceNames(project, services);
        await compose.pull(project, {
          services,
          quiet: flags.quiet,
          ignorePullFailures: flags.ignorePullFailures,
          includeDeps: flags.includeDeps,
          ignoreBuildable: flags.ignoreBuildable,
          policy: flags.policy,
        });
        return 0;
      }),
    );
}
