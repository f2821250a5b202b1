import type { Command } from 'commander';
import type { WatchMessage } from '../../api/compose.js';
import { loadCliProject, runVerb } from '../project.js';

/** Prints the watch's own lines: information on stdout, errors on stderr. */
export function printWatchMessage(message: WatchMessage): void {
  (message.level === 'error' ? process.stderr : process.stdout).write(`${message.text}\n`);
}

/** `flotilla watch [SERVICE...]`: follow `develop.watch` paths and update the containers. */
export function register(program: Command): void {
  program
    .command('watch')
    .description(
      'Watch build context for service and rebuild/refresh containers when files are updated',
    )
    .argument('[services...]')
    .option('--no-up', 'Do not build & start services before watching')
    .option('--prune', 'Prune dangling images on rebuild', true)
    .option('--no-prune', 'Keep dangling images on rebuild')
    .option('--quiet', 'hide build output')
    .action(
      (services: string[], flags: { up: boolean; prune: boolean; quiet?: boolean }, cmd: Command) =>
        runVerb(cmd, async ({ g, compose, renderer }) => {
          const project = await loadCliProject(g);
          const controller = new AbortController();
          const stop = (): void => {
            controller.abort();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          let detached = false;
          try {
            await compose.watch(project, {
              services,
              noUp: !flags.up,
              prune: flags.prune,
              quiet: flags.quiet,
              signal: controller.signal,
              onMessage: (m) => {
                // The live progress display stops redrawing once the watch talks.
                if (!detached) {
                  detached = true;
                  renderer.detach();
                }
                printWatchMessage(m);
              },
            });
          } finally {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
          }
          // Ended by a signal: status 130, as docker compose reports a cancelled command.
          return controller.signal.aborted ? 130 : 0;
        }),
    );
}
