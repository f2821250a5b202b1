import { Option, type Command } from 'commander';
import { BoolValueCommand } from '../bool-flags.js';
import { collect } from '../global-flags.js';
import { runVerb } from '../project.js';
import { containerVerbProject, parseIndex } from './exec.js';

interface CommitFlags {
  author?: string;
  change?: string[];
  message?: string;
  pause: boolean;
  index?: string;
}

/** `flotilla commit [OPTIONS] SERVICE [REPOSITORY[:TAG]]`: an image from a service container. */
export function register(program: Command): void {
  const cmd = new BoolValueCommand('commit')
    .description("Create a new image from a service container's changes")
    .usage('[OPTIONS] SERVICE [REPOSITORY[:TAG]]')
    .argument('<service>')
    .argument('[reference]')
    .option('-a, --author <author>', 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")')
    .option(
      '-c, --change <instruction>',
      'Apply Dockerfile instruction to the created image',
      collect,
    )
    .option('-m, --message <message>', 'Commit message')
    // The command's own -p wins over the global -p/--project-name after the verb, as in compose.
    .addOption(new Option('-p, --pause', 'Pause container during commit').default(true))
    .addOption(new Option('--no-pause', 'Do not pause the container during commit').hideHelp())
    .option('--index <n>', 'index of the container if service has multiple replicas.')
    .action((service: string, reference: string | undefined, flags: CommitFlags, c: Command) =>
      runVerb(c, async ({ g, compose }) => {
        await compose.commit(await containerVerbProject(g), {
          service,
          reference,
          author: flags.author,
          message: flags.message,
          changes: flags.change,
          pause: flags.pause,
          index: parseIndex(flags.index),
        });
        return 0;
      }),
    );
  program.addCommand(cmd);
}
