import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { runVerb } from '../project.js';
import { containerVerbProject, parseIndex } from './exec.js';

/** `flotilla port SERVICE PRIVATE_PORT`: print the public address of a port binding. */
export function register(program: Command): void {
  program
    .command('port')
    .description('Print the public port for a port binding')
    .argument('<service>')
    .argument('<private_port>')
    .option('--protocol <protocol>', 'tcp or udp', 'tcp')
    .option('--index <n>', 'Index of the container if service has multiple replicas')
    .action(
      (
        service: string,
        privatePort: string,
        flags: { protocol: string; index?: string },
        cmd: Command,
      ) =>
        runVerb(cmd, async ({ g, compose }) => {
          const n = Number(privatePort);
          if (!Number.isInteger(n) || n <= 0 || n > 65535) {
            throw new ComposeError(
              'USAGE',
              `invalid port ${JSON.stringify(privatePort)}: expected a number between 1 and 65535`,
            );
          }
          if (!['tcp', 'udp', 'sctp'].includes(flags.protocol)) {
            throw new ComposeError(
              'USAGE',
              `invalid protocol ${JSON.stringify(flags.protocol)}: expected tcp or udp`,
            );
          }
          const found = await compose.port(await containerVerbProject(g), {
            service,
            privatePort: n,
            protocol: flags.protocol as 'tcp' | 'udp' | 'sctp',
            index: parseIndex(flags.index),
          });
          process.stdout.write(`${found.ip}:${found.port}\n`);
          return 0;
        }),
    );
}
