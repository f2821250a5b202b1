import type { Command } from 'commander';
import { checkServiceNames, loadProjectOrName, runVerb, servicesToActOn } from '../project.js';

/** `flotilla pause` and `flotilla unpause`: freeze or resume the services' processes. */
export function register(program: Command, verb: string): void {
  const pause = verb === 'pause';
  program
    .command(pause ? 'pause' : 'unpause')
    .description(pause ? 'Pause services' : 'Unpause services')
    .argument('[services...]')
    .action((services: string[], _flags: unknown, cmd: Command) =>
      runVerb(cmd, async ({ g, compose, resolve }) => {
        const loaded = await loadProjectOrName(g);
        checkServiceNames(loaded, services);
        const project = await resolve(loaded);
        const named = await servicesToActOn(loaded, project, services);
        if (named === undefined) return 0;
        const options = { services: named };
        await (pause ? compose.pause(project, options) : compose.unpause(project, options));
        return 0;
      }),
    );
}
