import type { Command } from 'commander';
import type { ContainerImage } from '../../api/compose.js';
import { goJson } from '../../internal/go-json.js';
import { composeTable, formatRows, goStruct, listFormatKind, parseFormat } from '../list-format.js';
import { humanDuration } from '../ps-format.js';
import { runVerb } from '../project.js';
import { decimalSize } from '../byte-size.js';
import { containerVerbProject } from './exec.js';

/** `flotilla images [SERVICE...]`: the images used by the project's containers. */
export function register(program: Command): void {
  program
    .command('images')
    .description('List images used by the created containers')
    .argument('[services...]')
    .option('--format <format>', 'Format the output. Values: [table | json | TEMPLATE]', 'table')
    .option('-q, --quiet', 'Only display IDs')
    .action((services: string[], flags: { format: string; quiet?: boolean }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const format = listFormatKind(flags.format);
        if (format === 'template') parseFormat(flags.format);
        const list = await compose.images(await containerVerbProject(g), { services });
        if (flags.quiet === true) {
          // As docker compose: the IDs without their `sha256:`, each once.
          const ids = new Set(list.map((i) => i.id.slice(i.id.indexOf(':') + 1)));
          process.stdout.write([...ids].map((id) => `${id}\n`).join(''));
        } else {
          process.stdout.write(formatImages(list, flags.format, Date.now()));
        }
        return 0;
      }),
    );
}

/** An image as `images --format json` and templates see it, with docker compose's names. */
function imageRow(i: ContainerImage): Record<string, unknown> {
  return goStruct('img', {
    ID: i.id,
    ContainerName: i.container,
    Repository: i.repository,
    Tag: i.tag,
    Platform: i.platform,
    Size: i.size,
    Created: i.created === 0 ? undefined : new Date(i.created * 1000).toISOString(),
  });
}

/** Column titles of `images`, by field. */
const IMAGE_HEADERS: Readonly<Record<string, string>> = {
  ContainerName: 'CONTAINER',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Platform: 'PLATFORM',
  ID: 'IMAGE ID',
  Size: 'SIZE',
  Created: 'CREATED',
};

/**
 * `images` in a `--format`: docker compose's table (`CONTAINER  REPOSITORY  TAG  PLATFORM  IMAGE
 * ID  SIZE  CREATED`, image IDs shortened, sorted by container), `json` (one array), or a Go
 * template per image (flotilla's addition; docker compose takes only table and json).
 * @throws {ComposeError} `USAGE` for a template that fails
 */
export function formatImages(list: readonly ContainerImage[], format: string, now: number): string {
  const sorted = [...list].sort((a, b) =>
    a.container < b.container ? -1 : a.container > b.container ? 1 : 0,
  );
  const kind = listFormatKind(format);
  if (kind === 'json') return `${goJson(sorted.map(imageRow), false)}\n`;
  if (kind === 'template') {
    return formatRows(format, sorted.map(imageRow), {
      table: '',
      headers: IMAGE_HEADERS,
      minWidth: 20,
    });
  }
  const rows = sorted.map((i) =>
    [
      i.container,
      i.repository === '' ? '<none>' : i.repository,
      i.tag === '' ? '<none>' : i.tag,
      i.platform,
      i.id.replace(/^sha256:/, '').slice(0, 12),
      decimalSize(i.size),
      i.created === 0 ? 'N/A' : `${humanDuration(now - i.created * 1000)} ago`,
    ].join('\t'),
  );
  return composeTable(
    ['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'],
    rows,
  );
}
