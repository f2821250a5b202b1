import { Option, type Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { BoolValueCommand } from '../bool-flags.js';
import { runVerb } from '../project.js';
import { containerVerbProject, parseIndex, processStreams } from './exec.js';

interface AttachFlags {
  index?: string;
  detachKeys?: string;
  stdin: boolean;
  sigProxy: boolean;
}

/** `flotilla attach SERVICE`: attach the terminal to a service container. */
export function register(program: Command): void {
  const cmd = new BoolValueCommand('attach')
    .description(
      "Attach local standard input, output, and error streams to a service's running container",
    )
    .argument('<service>')
    .option('--index <n>', 'index of the container if service has multiple replicas.')
    .option('--detach-keys <keys>', 'Override the key sequence for detaching from a container.')
    .option('--no-stdin', 'Do not attach STDIN')
    .addOption(new Option('--sig-proxy', 'Proxy all received signals to the process').default(true))
    .addOption(new Option('--no-sig-proxy', 'Do not proxy signals to the process').hideHelp())
    .action((service: string, flags: AttachFlags, c: Command) =>
      runVerb(c, async ({ g, compose }) => {
        const withStdin = flags.stdin;
        const terminal = { raw: false };
        try {
          return await compose.attach(await containerVerbProject(g), {
            service,
            index: parseIndex(flags.index),
            detachKeys: flags.detachKeys,
            noStdin: !withStdin,
            sigProxy: flags.sigProxy,
            streams: processStreams(withStdin),
            onAttach: ({ tty }) => {
              // As docker: a TTY container needs a terminal on stdin; the terminal goes raw only
              // for a TTY container, so that Ctrl-C is a signal (proxied or not) otherwise.
              if (!tty || !withStdin) return;
              if (!process.stdin.isTTY) {
                throw new ComposeError('USAGE', 'the input device is not a TTY');
              }
              process.stdin.setRawMode(true);
              terminal.raw = true;
            },
          });
        } finally {
          if (terminal.raw) process.stdin.setRawMode(false);
          if (withStdin) process.stdin.destroy();
        }
      }),
    );
  program.addCommand(cmd);
}
