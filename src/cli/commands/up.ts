import { Option, type Command } from 'commander';
import { collect } from '../global-flags.js';
import { stderrText } from '../output.js';
import { planFormatFor, printPlan, type PlanFlags } from '../plan-format.js';
import { loadCliProjectEnabling, runVerb } from '../project.js';
import { checkUpServices, upOptionsFrom, type UpFlags } from '../up-flags.js';

/** `flotilla up`: create and start containers. */
export function register(program: Command): void {
  const cmd = program
    .command('up')
    .description('Create and start containers')
    .argument('[services...]')
    .option('-d, --detach', 'Detached mode: Run containers in the background')
    .option('--build', 'Build images before starting containers')
    .option('--no-build', "Don't build an image, even if it's policy")
    .option(
      '--pull <policy>',
      'Pull image before running ("always"|"missing"|"never"|"build")',
      undefined,
    )
    .option('--quiet-pull', 'Pull without printing progress information')
    .option('--quiet-build', 'Suppress the build output')
    .option(
      '--force-recreate',
      "Recreate containers even if their configuration and image haven't changed",
    )
    .option(
      '--no-recreate',
      "If containers already exist, don't recreate them. Incompatible with --force-recreate.",
    )
    .option(
      '--always-recreate-deps',
      'Recreate dependent containers. Incompatible with --no-recreate.',
    )
    .option(
      '-V, --renew-anon-volumes',
      'Recreate anonymous volumes instead of retrieving data from the previous containers',
    )
    .option('--no-deps', "Don't start linked services")
    .option('--remove-orphans', 'Remove containers for services not defined in the Compose file')
    .option(
      '--scale <scale>',
      'Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.',
      collect,
    )
    .option(
      '-t, --timeout <seconds>',
      'Use this timeout in seconds for container shutdown when attached or when containers are already running',
    )
    .option('--no-start', "Don't start the services after creating them")
    .option('--wait', 'Wait for services to be running|healthy. Implies detached mode.')
    .option(
      '--wait-timeout <seconds>',
      'Maximum duration in seconds to wait for the project to be running|healthy',
    )
    .option(
      '--abort-on-container-exit',
      'Stops all containers if any container was stopped. Incompatible with -d',
    )
    .option(
      '--abort-on-container-failure',
      'Stops all containers if any container exited with failure. Incompatible with -d',
    )
    .option(
      '--exit-code-from <service>',
      'Return the exit code of the selected service container. Implies --abort-on-container-exit',
    )
    .option(
      '--attach <service>',
      'Restrict attaching to the specified services. Incompatible with --attach-dependencies.',
      collect,
    )
    .option(
      '--no-attach <service>',
      'Do not attach (stream logs) to the specified services',
      collect,
    )
    .option('--attach-dependencies', 'Automatically attach to log output of dependent services')
    .option('--no-color', 'Produce monochrome output')
    .option('--no-log-prefix', "Don't print prefix in logs")
    .option('--timestamps', 'Show timestamps')
    .option('-y, --yes', 'Assume "yes" as answer to all prompts and run non-interactively')
    .option(
      '-w, --watch',
      'Watch source code and rebuild/refresh containers when files are updated.',
    )
    .option('--explain', 'Print what will change, and why, before acting (see --dry-run)')
    .option('--format <format>', 'Format of the plan of --dry-run or --explain: text|json')
    .option('--report <file>', 'Write a JSON run report to FILE (also FLOTILLA_REPORT)')
    .addOption(new Option('--menu').hideHelp());
  cmd.action((services: string[], flags: UpFlags & PlanFlags, c: Command) =>
    runVerb(c, async ({ g, compose, renderer, display, reporting }) => {
      const report = reporting('up', flags.report);
      const options = upOptionsFrom(fromRawArgs(flags, rawArgs(c)), services, process.env);
      const format = planFormatFor(flags.format, g.dryRun === true || flags.explain === true, 'up');
      const project = await loadCliProjectEnabling(g, services);
      checkUpServices(
        options,
        (s) => Object.hasOwn(project.services, s) || Object.hasOwn(project.disabledServices, s),
        Object.keys(project.services),
      );
      if (g.dryRun === true || flags.explain === true) {
        const dryRun = g.dryRun === true;
        const plan = await compose.planUp(project, { ...options, emitEvents: dryRun });
        printPlan(plan, format, dryRun ? process.stdout : stderrText);
        if (dryRun) return 0;
      }
      let logConsumer: import('../../progress/log-printer.js').LogPrinter | undefined;
      if (options.detach !== true) {
        const { createLogPrinter } = await import('../../progress/log-printer.js');
        logConsumer = createLogPrinter({
          stdout: process.stdout,
          stderr: process.stderr,
          color: flags.color && display.colorLogs,
          prefix: flags.logPrefix,
          timestamps: flags.timestamps,
          onFirstLine: () => {
            renderer.detach();
          },
        });
      }
      const controller = new AbortController();
      let interrupts = 0;
      const onSignal = (): void => {
        interrupts++;
        if (interrupts === 1) {
          controller.abort();
          return;
        }
        // A second Ctrl-C kills what the first one is stopping.
        void compose
          .kill(project, { services: options.services })
          .catch(() => undefined)
          .finally(() => process.exit(130));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const code = await compose.up(project, {
          ...options,
          ...report,
          logConsumer,
          signal: controller.signal,
          watch:
            flags.watch === true
              ? {
                  noBuild: options.noBuild,
                  quiet: flags.quietBuild,
                  onMessage: (m) => {
                    logConsumer?.status({ container: '', service: '', text: `⦿ ${m.text}` });
                  },
                }
              : undefined,
        });
        return controller.signal.aborted ? 130 : code;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }),
  );
}

/** The user's arguments as given (commander keeps them on the root command). */
export function rawArgs(c: Command): string[] {
  let root = c;
  while (root.parent !== null) root = root.parent;
  return (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
}

/** Values of a repeatable flag, in `--flag v` and `--flag=v` forms. */
export function flagValues(raw: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '--') break;
    if (raw[i] === flag && i + 1 < raw.length) out.push(raw[++i]);
    else if (raw[i].startsWith(`${flag}=`)) out.push(raw[i].slice(flag.length + 1));
  }
  return out;
}

/**
 * commander reads `--no-X` as the negation of `--X`: `--no-attach web` would land in `attach`
 * and `--build --no-build` would keep only the last. Both pairs are read from the raw arguments.
 */
export function fromRawArgs(flags: UpFlags, raw: readonly string[]): UpFlags {
  const attach = flagValues(raw, '--attach');
  const noAttach = flagValues(raw, '--no-attach');
  const build = raw.includes('--build');
  const noBuild = raw.includes('--no-build');
  return {
    ...flags,
    attach: attach.length > 0 ? attach : undefined,
    noAttach: noAttach.length > 0 ? noAttach : undefined,
    build: build ? true : undefined,
    noBuild: noBuild ? true : undefined,
  };
}
