import type { Command } from 'commander';
import type { ProjectListing } from '../../api/compose.js';
import { ComposeError } from '../../api/errors.js';
import { goJson } from '../../internal/go-json.js';
import { composeTable, formatRows, goStruct, listFormatKind, parseFormat } from '../list-format.js';
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
    .option('--format <format>', 'Format the output. Values: [table | json | TEMPLATE]', 'table')
    .action((flags: LsFlags, cmd: Command) =>
      runVerb(cmd, async ({ compose }) => {
        if (listFormatKind(flags.format) === 'template') parseFormat(flags.format);
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

/** Column titles of `ls`, by field. */
const LS_HEADERS: Readonly<Record<string, string>> = {
  Name: 'NAME',
  Status: 'STATUS',
  ConfigFiles: 'CONFIG FILES',
};

/**
 * The names alone (`-q`), or the projects in a `--format`: docker compose's table (`NAME  STATUS
 * CONFIG FILES`), `json` (one array), or a Go template per project (flotilla's addition; docker
 * compose takes only table and json).
 * @throws {ComposeError} `USAGE` for a template that fails
 */
export function formatList(
  list: readonly ProjectListing[],
  flags: { quiet?: boolean | undefined; format: string },
): string {
  if (flags.quiet === true) return list.map((p) => `${p.name}\n`).join('');
  const rows = list.map((p) =>
    goStruct('compose.stackView', { Name: p.name, Status: p.status, ConfigFiles: p.configFiles }),
  );
  const kind = listFormatKind(flags.format);
  if (kind === 'json') return `${goJson(rows, false)}\n`;
  if (kind === 'template') {
    return formatRows(flags.format, rows, { table: '', headers: LS_HEADERS, minWidth: 20 });
  }
  return composeTable(
    ['NAME', 'STATUS', 'CONFIG FILES'],
    list.map((p) => `${p.name}\t${p.status}\t${p.configFiles}`),
  );
}
