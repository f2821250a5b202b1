import type { Command } from 'commander';
import { runVerb } from '../project.js';
import { containerVerbProject, parseIndex, processStreams } from './exec.js';

interface AttachFlags {
  index?: string;
  detachKeys?: string;
  stdin: boolean;
  sigProxy: string;
}

/** `flotilla attach SERVICE`: attach the terminal to a service container. */
export function register(program: Command): void {
  program
    .command('attach')
    .description(
      "Attach local standard input, output, and error streams to a service's running container",
    )
    .argument('<service>')
    .option('--index <n>', 'index of the container if service has multiple replicas.')
    .option('--detach-keys <keys>', 'Override the key sequence for detaching from a container.')
    .option('--no-stdin', 'Do not attach STDIN')
    .option('--sig-proxy [bool]', 'Proxy all received signals to the process', 'true')
    .action((service: string, flags: AttachFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const withStdin = flags.stdin;
        const raw = withStdin && process.stdin.isTTY;
        if (raw) process.stdin.setRawMode(true);
        try {
          return await compose.attach(await containerVerbProject(g), {
            service,
            index: parseIndex(flags.index),
            detachKeys: flags.detachKeys,
            noStdin: !withStdin,
            sigProxy: flags.sigProxy !== 'false',
            streams: processStreams(withStdin),
          });
        } finally {
          if (raw) process.stdin.setRawMode(false);
          if (withStdin) process.stdin.destroy();
        }
      }),
    );
}
