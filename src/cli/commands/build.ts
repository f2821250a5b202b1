import type { Command } from 'commander';
import { collect } from '../global-flags.js';
import { checkServiceNames, loadCliProject, runVerb } from '../project.js';

interface BuildFlags {
  noCache?: boolean;
  pull?: boolean;
  buildArg?: string[];
  quiet?: boolean;
  withDependencies?: boolean;
  print?: boolean;
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
    .option('-q, --quiet', "Don't print anything to STDOUT")
    .option('--with-dependencies', 'Also build dependencies (transitively)')
    .option('--print', 'Print equivalent bake file')
    .action((services: string[], flags: BuildFlags & { cache?: boolean }, cmd: Command) =>
      runVerb(cmd, async ({ g, compose }) => {
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
          print:
            flags.print === true
              ? (definition) => process.stdout.write(`${definition}\n`)
              : undefined,
        });
        return 0;
      }),
    );
}
