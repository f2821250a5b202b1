import type { Command } from 'commander';
import { runVerb } from '../project.js';
import { containerVerbProject, parseIndex } from './exec.js';

interface CpFlags {
  index?: string;
  all?: boolean;
  followLink?: boolean;
  archive?: boolean;
}

/** `flotilla cp SRC DEST`: copy between service containers and the local filesystem. */
export function register(program: Command): void {
  program
    .command('cp')
    .description('Copy files/folders between a service container and the local filesystem')
    .usage(
      '[OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n       flotilla cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH',
    )
    .argument('<source>')
    .argument('<destination>')
    .option('--index <n>', 'Index of the container if service has multiple replicas')
    .option('--all', 'Include containers created by the run command')
    .option('-L, --follow-link', 'Always follow symbol link in SRC_PATH')
    .option('-a, --archive', 'Archive mode (copy all uid/gid information)')
    .action((source: string, destination: string, flags: CpFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        await compose.copy(await containerVerbProject(g), {
          source,
          destination,
          index: parseIndex(flags.index),
          all: flags.all,
          followLink: flags.followLink,
          archive: flags.archive,
        });
        return 0;
      }),
    );
}
