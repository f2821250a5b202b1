import type { Command } from 'commander';
import { checkServiceNames, loadCliProject, runVerb } from '../project.js';

interface PushFlags {
  quiet?: boolean;
  ignorePushFailures?: boolean;
  includeDeps?: boolean;
}

/** `flotilla push`: push the images of services that build a named image. */
export function register(program: Command): void {
  program
    .command('push')
    .description('Push service images')
    .argument('[services...]')
    .option('-q, --quiet', 'Push without printing progress information')
    .option('--ignore-push-failures', 'Push what it can and ignores images with push failures')
    .option('--include-deps', 'Also push images of services declared as dependencies')
    .action((services: string[], flags: PushFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const project = await loadCliProject(g);
        checkServiceNames(project, services);
        await compose.push(project, {
          services,
          quiet: flags.quiet,
          ignorePushFailures: flags.ignorePushFailures,
          includeDeps: flags.includeDeps,
        });
        return 0;
      }),
    );
}
