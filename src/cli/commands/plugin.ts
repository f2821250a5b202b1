import type { Command } from 'commander';
import { METADATA_COMMAND, pluginMetadata } from '../plugin.js';

/** The hidden `docker-cli-plugin-metadata` command docker runs to discover the plugin. */
export function register(program: Command): void {
  program.command(METADATA_COMMAND, { hidden: true }).action(() => {
    process.stdout.write(`${pluginMetadata()}\n`);
  });
}
