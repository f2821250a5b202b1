import type { Command } from 'commander';
import type { ContainerProcesses } from '../../api/compose.js';
import { alignColumns } from '../../internal/tab-writer.js';
import { runVerb } from '../project.js';
import { containerVerbProject } from './exec.js';

/** `flotilla top [SERVICE...]`: the running processes of the project's containers. */
export function register(program: Command): void {
  program
    .command('top')
    .description('Display the running processes')
    .argument('[services...]')
    .action((services: string[], _flags: unknown, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const list = await compose.top(await containerVerbProject(g), { services });
        process.stdout.write(formatTop(list));
        return 0;
      }),
    );
}

/**
 * One table for every container, as docker compose prints it: `SERVICE  #` and then the `ps`
 * columns, with the command column last (a missing value as `-`).
 */
export function formatTop(list: readonly ContainerProcesses[]): string {
  if (list.length === 0) return '';
  const titles = list[0].titles;
  const cmdAt = titles.findIndex((t) => t === 'CMD' || t === 'COMMAND');
  const order = titles.map((_, i) => i).filter((i) => i !== cmdAt);
  if (cmdAt !== -1) order.push(cmdAt);
  const rows: string[][] = [['SERVICE', '#', ...order.map((i) => titles[i])]];
  for (const c of list) {
    for (const p of c.processes) {
      rows.push([c.service, String(c.replica), ...order.map((i) => p[i] ?? '-')]);
    }
  }
  // docker compose's tabwriter: columns at least 4 wide, two spaces between them.
  return alignColumns(rows.map((r) => `${r.join('\t')}\n`).join(''), { minWidth: 4, padding: 2 });
}
