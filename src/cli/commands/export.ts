import type { Command } from 'commander';
import { runVerb } from '../project.js';
import { containerVerbProject, parseIndex } from './exec.js';

/** `flotilla export [OPTIONS] SERVICE`: a service container's filesystem as a tar archive. */
export function register(program: Command): void {
  program
    .command('export')
    .description("Export a service container's filesystem as a tar archive")
    .usage('[OPTIONS] SERVICE')
    .argument('<service>')
    .option('-o, --output <file>', 'Write to a file, instead of STDOUT')
    .option('--index <n>', 'index of the container if service has multiple replicas.')
    .action((service: string, flags: { output?: string; index?: string }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        await compose.export(await containerVerbProject(g), {
          service,
          index: parseIndex(flags.index),
          // An empty -o means stdout, as docker compose reads it.
          output: flags.output === undefined || flags.output === '' ? process.stdout : flags.output,
        });
        return 0;
      }),
    );
}
