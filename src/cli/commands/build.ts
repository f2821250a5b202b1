import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import { parseBytes } from '../../model/units.js';
import { collect } from '../global-flags.js';
import { checkServiceNames, loadCliProject, runVerb } from '../project.js';

interface BuildFlags {
  noCache?: boolean;
  pull?: boolean;
  buildArg?: string[];
  quiet?: boolean;
  withDependencies?: boolean;
  print?: boolean;
  ssh?: string;
  builder?: string;
  push?: boolean;
  memory?: string;
  sbom?: string;
  provenance?: string;
}

/** `flotilla build`: build the images of services with a `build:` section. */
export function register(program: Command): void {
  program
    .command('build')
    .description('Build or rebuild services')
    .argument('[services...]')
    .option('--no-cache', 'Do not use cache when building the image')
    .option('--pull', 'Always attempt to pull a newer version of the image')
    .option('--build-arg <arg>', 'Set build-time variables for services', collect)
    .option('-q, --quiet', 'Suppress the build output')
    .option('--with-dependencies', 'Also build dependencies (transitively)')
    .option('--print', 'Print equivalent bake file')
    .option(
      '--ssh <keys>',
      "Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)",
    )
    .option('--builder <name>', 'Set builder to use')
    .option('--push', 'Push service images')
    .option(
      '-m, --memory <bytes>',
      'Set memory limit for the build container. Not supported by BuildKit.',
    )
    .option('--sbom <value>', 'Add a SBOM attestation')
    .option('--provenance <value>', 'Add a provenance attestation')
    .action((services: string[], flags: BuildFlags & { cache?: boolean }, cmd: Command) =>
      runVerb(
        cmd,
        async ({ g, compose }) => {
          const args: Record<string, string | undefined> = {};
          for (const a of flags.buildArg ?? []) {
            const eq = a.indexOf('=');
            if (eq < 0) args[a] = process.env[a];
            else args[a.slice(0, eq)] = a.slice(eq + 1);
          }
          const project = await loadCliProject(g);
          checkServiceNames(project, services);
          await compose.build(project, {
            services,
            noCache: flags.cache === false,
            pull: flags.pull,
            args,
            quiet: flags.quiet,
            withDependencies: flags.withDependencies,
            ssh: parseSsh(flags.ssh),
            builder: flags.builder === '' ? undefined : flags.builder,
            push: flags.push,
            memory: parseMemory(flags.memory),
            sbom: flags.sbom,
            provenance: flags.provenance,
            print:
              flags.print === true
                ? (definition) => process.stdout.write(`${definition}\n`)
                : undefined,
          });
          return 0;
        },
        { quiet: flags.quiet },
      ),
    );
}

/** `-m 512m`: bytes, as the docker CLI reads a memory size. */
function parseMemory(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseBytes(value);
  } catch (err) {
    throw new ComposeError(
      'USAGE',
      `invalid argument "${value}" for "-m, --memory" flag: ${(err as Error).message}`,
    );
  }
}

/** `--ssh default,deploy=~/.ssh/id`: entries `id` or `id=path`, comma-separated. */
function parseSsh(value: string | undefined): { id: string; path?: string }[] | undefined {
  if (value === undefined || value === '') return undefined;
  return value
    .split(',')
    .filter((e) => e !== '')
    .map((e) => {
      const eq = e.indexOf('=');
      return eq < 0 ? { id: e } : { id: e.slice(0, eq), path: e.slice(eq + 1) };
    });
}
