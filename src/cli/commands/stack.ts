import type { Command } from 'commander';
import { ComposeError } from '../../api/errors.js';
import type { StackConfigOptions, StackDeployOptions, Stacks } from '../../api/stack.js';
import { BoolValueCommand } from '../bool-flags.js';
import { printWarning, stderrText } from '../output.js';
import { planFormatFor, printPlan } from '../plan-format.js';
import { collect, type GlobalFlags } from '../global-flags.js';
import { loadCliProject, runVerb, type VerbEnv } from '../project.js';

interface DeployFlags {
  composeFile?: string[];
  prune?: boolean;
  detach: boolean;
  wait?: boolean;
  waitTimeout?: string;
  withRegistryAuth?: boolean;
  resolveImage: string;
  build?: boolean;
  push?: boolean;
  strict?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  format?: string;
  report?: string;
}

interface ListFlags {
  format: string;
  quiet?: boolean;
  filter?: string[];
  noTrunc?: boolean;
}

/** `flotilla stack`: deploy a compose project to a Docker Swarm, as `docker stack` does. */
export function register(program: Command): void {
  const stack = program
    .command('stack')
    .description('Manage Swarm stacks: deploy a compose project to a Docker Swarm');

  stack.addCommand(
    new BoolValueCommand('deploy')
      .alias('up')
      .description('Deploy a new stack or update an existing stack')
      .argument('<stack>', 'Stack name')
      .option(
        '-c, --compose-file <file>',
        'Path to a Compose file (repeatable; default: discovery)',
        collect,
      )
      .option('--prune', 'Prune services that are no longer referenced')
      .option(
        '-d, --detach',
        'Exit immediately instead of waiting for the services to converge',
        true,
      )
      .option('--no-detach', 'Wait for the services to converge (as --wait)')
      .option('--wait', 'Wait for the services to converge (tasks running, healthy, jobs complete)')
      .option('--wait-timeout <seconds>', 'Maximum duration to wait for the services to converge')
      .option('--with-registry-auth', 'Send registry authentication details to Swarm agents')
      .option(
        '--resolve-image <when>',
        'Query the registry to resolve image digests (always, changed, never)',
        'always',
      )
      .option('--build', 'Build the images of services with build: first')
      .option('--push', 'Push the built images and deploy them by digest (with --build)')
      .option('--strict', 'Refuse fields that Swarm cannot honour instead of warning')
      .option('-q, --quiet', 'Suppress progress output')
      .option('--report <file>', 'Write a JSON run report of --wait to FILE (also FLOTILLA_REPORT)')
      .option('--dry-run', 'Print what the deploy would change, and why, without changing it')
      .option('--format <format>', 'Format of the --dry-run plan: text or json')
      .action((name: string, flags: DeployFlags, cmd: Command) =>
        runStack(
          cmd,
          async (stacks, env) => {
            const resolveImage = flags.resolveImage;
            if (
              resolveImage !== 'always' &&
              resolveImage !== 'changed' &&
              resolveImage !== 'never'
            ) {
              throw new ComposeError(
                'USAGE',
                `invalid option ${resolveImage} for flag --resolve-image (always, changed or never)`,
              );
            }
            if (flags.push === true && flags.build !== true) {
              throw new ComposeError(
                'USAGE',
                '--push pushes the images --build builds: add --build',
              );
            }
            const waitTimeout = seconds(flags.waitTimeout);
            const dryRun = flags.dryRun === true || env.g.dryRun === true;
            const format = planFormatFor(flags.format, dryRun, 'stack deploy');
            const { project, locate } = await stackProject(env.g, flags.composeFile, name);
            const { localIpvs } = await import('../ipvs.js');
            const options: StackDeployOptions = {
              stack: name,
              prune: flags.prune,
              wait: flags.wait === true || !flags.detach || waitTimeout !== undefined,
              waitTimeout,
              withRegistryAuth: flags.withRegistryAuth,
              resolveImage,
              build: flags.build,
              push: flags.push,
              strict: flags.strict,
              locate,
              ipvs: localIpvs(),
              ...(dryRun ? {} : env.reporting('stack deploy', flags.report)),
            };
            if (dryRun) {
              printPlan(await stacks.planStackDeploy(project, options), format, process.stdout);
              return 0;
            }
            await stacks.deployStack(project, options);
            return 0;
          },
          { quiet: flags.quiet },
        ),
      ),
  );

  stack
    .command('rm')
    .aliases(['remove', 'down'])
    .description('Remove one or more stacks')
    .argument('<stack...>', 'Stack names')
    .option('-v, --volumes', "Also remove the stack's volumes (on the node the client talks to)")
    .action((names: string[], flags: { volumes?: boolean }, cmd: Command) =>
      runStack(cmd, async (stacks) => {
        await stacks.removeStack(names, { volumes: flags.volumes });
        return 0;
      }),
    );

  stack
    .command('ls')
    .alias('list')
    .description('List stacks')
    .option('--format <format>', 'Format output: table, json or a Go template', '')
    .action((flags: ListFlags, cmd: Command) =>
      runStack(cmd, async (stacks) => {
        const { formatStackList } = await import('../stack-format.js');
        process.stdout.write(formatStackList(await stacks.listStacks(), flags.format));
        return 0;
      }),
    );

  stack
    .command('ps')
    .description('List the tasks in the stack')
    .argument('<stack>', 'Stack name')
    .option(
      '-f, --filter <filter>',
      'Filter output based on conditions provided (key=value)',
      collect,
    )
    .option('--format <format>', 'Format output: table, json or a Go template', '')
    .option('--no-trunc', 'Do not truncate output')
    .option('-q, --quiet', 'Only display task IDs')
    .action((name: string, flags: ListFlags & { trunc?: boolean }, cmd: Command) =>
      runStack(cmd, async (stacks) => {
        const { formatStackTasks } = await import('../stack-format.js');
        const tasks = await stacks.stackPs(name, { filters: parseFilters(flags.filter) });
        process.stdout.write(
          formatStackTasks(tasks, {
            format: flags.format,
            quiet: flags.quiet,
            noTrunc: flags.trunc === false,
            now: Date.now(),
          }),
        );
        return 0;
      }),
    );

  stack
    .command('services')
    .description('List the services in the stack')
    .argument('<stack>', 'Stack name')
    .option(
      '-f, --filter <filter>',
      'Filter output based on conditions provided (key=value)',
      collect,
    )
    .option('--format <format>', 'Format output: table, json or a Go template', '')
    .option('-q, --quiet', 'Only display IDs')
    .action((name: string, flags: ListFlags, cmd: Command) =>
      runStack(cmd, async (stacks) => {
        const { formatStackServices } = await import('../stack-format.js');
        const services = await stacks.stackServices(name, { filters: parseFilters(flags.filter) });
        if (services.length === 0) stderrText.write(`Nothing found in stack: ${name}\n`);
        process.stdout.write(
          formatStackServices(services, { format: flags.format, quiet: flags.quiet }),
        );
        return 0;
      }),
    );

  stack
    .command('config')
    .description('Print the Swarm objects the project becomes (specs, without secret content)')
    .argument('[stack]', 'Stack name (default: the project name)')
    .option(
      '-c, --compose-file <file>',
      'Path to a Compose file (repeatable; default: discovery)',
      collect,
    )
    .option('--build', 'Services with build: are to be built (with --build --push)')
    .option('--strict', 'Refuse fields that Swarm cannot honour instead of warning')
    .option(
      '--api-version <version>',
      'Engine API version the specs are for (default: the newest flotilla speaks)',
    )
    .action(
      (
        name: string | undefined,
        flags: { composeFile?: string[]; build?: boolean; strict?: boolean; apiVersion?: string },
        cmd: Command,
      ) =>
        runStack(cmd, async (stacks, env) => {
          const { project, locate } = await stackProject(env.g, flags.composeFile, name);
          const options: StackConfigOptions = {
            stack: name,
            build: flags.build,
            strict: flags.strict,
            apiVersion: flags.apiVersion,
            locate,
          };
          const plan = await stacks.stackConfig(project, options);
          const { warnings, ...objects } = plan;
          for (const w of warnings) printWarning({ message: w.message, location: w.location });
          process.stdout.write(`${JSON.stringify(objects, null, 2)}\n`);
          return 0;
        }),
    );
}

/**
 * Runs a stack verb with a Stacks wired to the progress display and warnings. The engine's API
 * version is asked for at once, so the engine answers while the project loads.
 */
function runStack(
  cmd: Command,
  body: (stacks: Stacks, env: VerbEnv) => Promise<number | undefined>,
  options: {
    quiet?: boolean | undefined;
  } = {},
): Promise<void> {
  return runVerb(cmd, async (env) => {
    const [{ createStacks }, { createEngineClient }] = await Promise.all([
      import('../../stack/stacks.js'),
      import('../../engine/index.js'),
    ]);
    // One client (and one ping) with the Compose's when the engine is local.
    let engine = env.engine;
    if (engine === undefined) {
      engine = createEngineClient();
      engine.negotiate().catch(() => undefined);
    }
    const stacks = createStacks({
      engine,
      events: options.quiet === true ? undefined : env.renderer.sink,
      warn: (message) => {
        printWarning({ message });
      },
      info: (message) => stderrText.write(`${message}\n`),
    });
    return body(stacks, env);
  });
}

/**
 * The project as `up` loads it (discovery, `.env`, profiles, include, extends), from
 * `-c` files when given, named after the stack when that is a valid project name; and a locator
 * of model paths in its files, for warnings.
 */
async function stackProject(
  g: GlobalFlags,
  composeFiles: readonly string[] | undefined,
  stack: string | undefined,
): Promise<
  Pick<Required<StackConfigOptions>, 'locate'> & {
    project: Awaited<ReturnType<typeof loadCliProject>>;
  }
> {
  const files = [...g.file, ...(composeFiles ?? [])];
  const projectName =
    g.projectName ??
    (stack !== undefined && /^[a-z0-9][a-z0-9_-]*$/.test(stack) ? stack : undefined);
  const project = await loadCliProject({ ...g, file: files, projectName });
  const { fileLocator } = await import('../locate-in-files.js');
  return { project, locate: fileLocator(project.composeFiles) };
}

/** `key=value` filters, grouped by key as the engine takes them. */
function parseFilters(
  filters: readonly string[] | undefined,
): Record<string, string[]> | undefined {
  if (filters === undefined || filters.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const f of filters) {
    const eq = f.indexOf('=');
    if (eq <= 0)
      throw new ComposeError('USAGE', `bad format of filter (expected name=value): ${f}`);
    (out[f.slice(0, eq)] ??= []).push(f.slice(eq + 1));
  }
  return out;
}

/** `--wait-timeout`: whole seconds. */
function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new ComposeError(
      'USAGE',
      `invalid argument "${value}" for "--wait-timeout" flag: must be a whole number of seconds`,
    );
  }
  return n;
}
