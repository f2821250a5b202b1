import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { loadCliProject, runVerb } from '../project.js';

interface ScaleFlags {
  deps: boolean;
}

/** `flotilla scale SERVICE=REPLICAS...`: set the number of containers of services. */
export function register(program: Command): void {
  program
    .command('scale')
    .description('Scale services')
    .argument('<service=replicas...>')
    .option('--no-deps', "Don't start linked services")
    .action((specs: string[], flags: ScaleFlags, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
        const scale = parseScaleSpecs(specs);
        const project = await loadCliProject(g, Object.keys(scale));
        await compose.scale(project, { scale, noDeps: !flags.deps });
        return 0;
      }),
    );
}

/**
 * `SERVICE=REPLICAS` arguments as a map (a later one for the same service wins).
 * @throws {ComposeError} `USAGE` with docker compose's wording for a malformed one
 */
export function parseScaleSpecs(specs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at < 0) throw new ComposeError('USAGE', `invalid scale specifier: ${spec}`);
    const value = spec.slice(at + 1);
    if (!/^\d+$/.test(value)) {
      throw new ComposeError(
        'USAGE',
        `invalid scale specifier: can't parse replica value as int: ${spec}`,
      );
    }
    out[spec.slice(0, at)] = Number(value);
  }
  return out;
}
