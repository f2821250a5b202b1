import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { FLOTILLA_VERSION, VERSION_LINE } from '../version.js';

/** `flotilla version [--short] [--format pretty|json]`. */
export function register(program: Command): void {
  program
    .command('version')
    .description('Show the flotilla version information')
    .option('--short', 'Shows only the version number')
    .option('-f, --format <format>', 'Format the output. Values: [pretty | json]', 'pretty')
    .action((opts: { short?: boolean; format: string }) => {
      if (opts.short) {
        process.stdout.write(`${FLOTILLA_VERSION}\n`);
        return;
      }
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify({ version: `v${FLOTILLA_VERSION}` })}\n`);
        return;
      }
      if (opts.format !== 'pretty') {
        throw new ComposeError(
          'USAGE',
          `invalid format ${JSON.stringify(opts.format)}: use pretty or json`,
        );
      }
      process.stdout.write(`${VERSION_LINE}\n`);
    });
}
