import type { Command } from 'commander';
import type { ProjectListing } from '../../api/compose.js';
import { ComposeError } from '../../api/errors.js';
import { formatTable } from '../ps-format.js';
import { collect } from '../global-flags.js';
import { runVerb } from '../project.js';

interface LsFlags {
  all?: boolean;
  quiet?: boolean;
  filter?: string[];
  format: string;
}

/** `flotilla ls`: the compose projects on the engine. */
export function register(program: Command): void {
  program
    .command('ls')
    .description('List running compose projects')
    .option('-a, --all', 'Show all stopped Compose projects')
    .option('-q, --quiet', 'Only display project names')
    .option('--filter <filter>', 'Filter output based on conditions provided (name=REGEX)', collect)
    .option('--format <format>', 'Format the output. Values: [table | json]', 'table')
    .action((flags: LsFlags, cmd: Command) =>
      runVerb(cmd, async ({ compose }) => {
        if (flags.format !== 'table' && flags.format !== 'json') {
          throw new ComposeError(
            'USAGE',
            `unsupported format ${JSON.stringify(flags.format)}: use table or json`,
          );
        }
        let name: string | undefined;
        for (const f of flags.filter ?? []) {
          const eq = f.indexOf('=');
          const key = eq === -1 ? f : f.slice(0, eq);
          if (key !== 'name' || eq === -1) {
            throw new ComposeError(
              'USAGE',
              `invalid filter ${JSON.stringify(f)}: only name=REGEX is supported`,
            );
          }
          name = f.slice(eq + 1);
        }
        const list = await compose.list({ all: flags.all, name });
        process.stdout.write(formatList(list, flags));
        return 0;
      }),
    );
}

/** The table (`NAME  STATUS  CONFIG FILES`), the JSON array, or the names alone. */
export function formatList(
  list: readonly ProjectListing[],
  flags: { quiet?: boolean | undefined; format: string },
): string {
  if (flags.quiet === true) return list.map((p) => `${p.name}\n`).join('');
  if (flags.format === 'json') {
    return `${JSON.stringify(list.map((p) => ({ Name: p.name, Status: p.status, ConfigFiles: p.configFiles })))}\n`;
  }
  return formatTable([
    ['NAME', 'STATUS', 'CONFIG FILES'],
    ...list.map((p) => [p.name, p.status, p.configFiles]),
  ]);
}
