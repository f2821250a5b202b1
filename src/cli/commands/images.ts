import type { Command } from 'commander';
import type { ContainerImage } from '../../api/compose.js';
import { ComposeError } from '../../api/errors.js';
import { formatTable, humanDuration } from '../ps-format.js';
import { runVerb } from '../project.js';
import { containerVerbProject } from './exec.js';

/** `flotilla images [SERVICE...]`: the images used by the project's containers. */
export function register(program: Command): void {
  program
    .command('images')
    .description('List images used by the created containers')
    .argument('[services...]')
    .option('--format <format>', 'Format the output. Values: [table | json]', 'table')
    .option('-q, --quiet', 'Only display IDs')
    .action((services: string[], flags: { format: string; quiet?: boolean }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        if (flags.format !== 'table' && flags.format !== 'json') {
          throw new ComposeError(
            'USAGE',
            `unsupported format ${JSON.stringify(flags.format)}: use table or json`,
          );
        }
        const list = await compose.images(await containerVerbProject(g), { services });
        if (flags.quiet === true) {
          process.stdout.write([...new Set(list.map((i) => i.id))].map((id) => `${id}\n`).join(''));
        } else if (flags.format === 'json') {
          process.stdout.write(`${JSON.stringify(list.map(imageJson))}\n`);
        } else {
          process.stdout.write(formatImages(list, Date.now()));
        }
        return 0;
      }),
    );
}

function imageJson(i: ContainerImage): Record<string, unknown> {
  return {
    ID: i.id,
    ContainerName: i.container,
    Repository: i.repository,
    Tag: i.tag,
    Platform: i.platform,
    Size: i.size,
    Created: new Date(i.created * 1000).toISOString(),
  };
}

/** `CONTAINER  REPOSITORY  TAG  PLATFORM  IMAGE ID  SIZE  CREATED`, image IDs shortened. */
export function formatImages(list: readonly ContainerImage[], now: number): string {
  const rows = [['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED']];
  for (const i of list) {
    rows.push([
      i.container,
      i.repository,
      i.tag,
      i.platform,
      i.id.replace(/^sha256:/, '').slice(0, 12),
      humanSize(i.size),
      i.created === 0 ? '' : `${humanDuration(now - i.created * 1000)} ago`,
    ]);
  }
  return formatTable(rows);
}

/** Decimal sizes with three significant digits, as docker prints them: `4.86MB`, `187kB`. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let u = 0;
  while (value >= 1000 && u < units.length - 1) {
    value /= 1000;
    u++;
  }
  return `${Number(value.toPrecision(3))}${units[u]}`;
}
