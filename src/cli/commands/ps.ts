import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { collect } from '../global-flags.js';
import { checkServiceNames, loadProjectOrName, runVerb } from '../project.js';

interface PsFlags {
  all?: boolean;
  quiet?: boolean;
  services?: boolean;
  format?: string;
  status?: string[];
  filter?: string;
  trunc: boolean;
  orphans: boolean;
}

const STATES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

/** `flotilla ps`: list the project's containers. */
export function register(program: Command): void {
  program
    .command('ps')
    .description('List containers')
    .argument('[services...]')
    .option('-a, --all', 'Show all stopped containers (including those created by the run command)')
    .option('-q, --quiet', 'Only display IDs')
    .option('--services', 'Display services')
    .option(
      '--format <format>',
      'Format output using a custom template: table, json, or a Go template',
      'table',
    )
    .option(
      '--status <status>',
      `Filter services by status. Values: [${STATES.join(' | ')}]`,
      collect,
    )
    .option('--filter <filter>', 'Filter services by a property (supported filters: status)')
    .option('--no-trunc', "Don't truncate output")
    .option('--no-orphans', "Don't include orphaned services")
    .action((services: string[], flags: PsFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const status = [...(flags.status ?? [])];
        if (flags.filter !== undefined) {
          // docker compose's wording for both mistakes.
          const eq = flags.filter.indexOf('=');
          if (eq < 0) {
            throw new ComposeError('USAGE', 'arguments to --filter should be in form KEY=VAL');
          }
          const key = flags.filter.slice(0, eq);
          if (key !== 'status') throw new ComposeError('USAGE', `unknown filter ${key}`);
          status.push(flags.filter.slice(eq + 1));
        }
        for (const s of status) {
          if (!STATES.includes(s)) {
            throw new ComposeError(
              'USAGE',
              `invalid filter: status=${s}: use one of ${STATES.join(', ')}`,
            );
          }
        }
        const options = { services, all: flags.all, status, orphans: flags.orphans };
        const project = await loadProjectOrName(g);
        checkServiceNames(project, services);
        const containers = await compose.ps(project, options);
        const out = process.stdout;
        const sorted = [...containers].sort((a, b) =>
          a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
        );
        if (flags.quiet === true) {
          out.write(sorted.map((c) => `${c.id}\n`).join(''));
          return 0;
        }
        if (flags.services === true) {
          const names = [...new Set(sorted.map((c) => c.service))];
          out.write(names.map((n) => `${n}\n`).join(''));
          return 0;
        }
        const { formatPs } = await import('../ps-format.js');
        out.write(formatPs(sorted, flags.format ?? 'table', Date.now(), !flags.trunc));
        return 0;
      }),
    );
}
