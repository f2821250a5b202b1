import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { formatRows, goStruct } from '../list-format.js';
import { COMPOSE_VERSION, VERSION_LINE } from '../version.js';

/**
 * `flotilla version [--short] [--format pretty|json|TEMPLATE]`: the docker compose version
 * flotilla implements, with flotilla's own as build metadata (`2.40.3+flotilla.0.1.0`).
 */
export function register(program: Command): void {
  program
    .command('version')
    .description('Show the Docker Compose version information')
    .option('--short', "Shows only Compose's version number")
    .option(
      '-f, --format <format>',
      'Format the output. Values: [pretty | json | TEMPLATE]. (Default: pretty)',
      'pretty',
    )
    .action((opts: { short?: boolean; format: string }) => {
      process.stdout.write(formatVersion(opts));
    });
}

/**
 * What `version` prints: `--short` the bare version, `json` `{"version":"v..."}`, `pretty` the
 * line docker compose prints, or a Go template on `{{.Version}}`.
 * @throws {ComposeError} `USAGE` for a format that is none of these
 */
export function formatVersion(opts: { short?: boolean; format: string }): string {
  if (opts.short === true) return `${COMPOSE_VERSION}\n`;
  if (opts.format === 'json') return `${JSON.stringify({ version: `v${COMPOSE_VERSION}` })}\n`;
  if (opts.format === 'pretty' || opts.format === '') return `${VERSION_LINE}\n`;
  if (!opts.format.includes('{{')) {
    throw new ComposeError(
      'USAGE',
      `invalid format ${JSON.stringify(opts.format)}: use pretty, json or a Go template`,
    );
  }
  const row = goStruct('version', { Version: `v${COMPOSE_VERSION}` });
  return formatRows(opts.format, [row], { table: '', headers: { Version: 'VERSION' } });
}
