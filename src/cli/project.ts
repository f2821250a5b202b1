// Shared by the lifecycle verbs: the project from the global flags, and a Compose wired to the
// chosen progress display.
import type { Command } from 'commander';
import type { Compose, ReportingOptions } from '../api/compose.js';
import type { RunReport } from '../api/report.js';
import { ComposeError, isComposeError, type SourceLocation } from '../api/errors.js';
import type { LoadOptions } from '../api/load-options.js';
import type { Project } from '../model/project.js';
import type { Display } from '../progress/mode.js';
import type { ProgressRenderer } from '../progress/renderer.js';
import { isTerminal, printError, printWarning, stderrLines, stderrText } from './output.js';
import { globalFlags, type GlobalFlags } from './global-flags.js';
import { COMPOSE_VERSION } from './version.js';

/** Boolean environment values as compose reads them. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['y', '1', 't', 'true', 'TRUE', 'True'].includes(value);
}

/**
 * The loader options the global flags give (`-f`, `-p`, `--profile`, `--env-file`,
 * `--project-directory`, `--all-resources`), with `services` when some are named.
 */
export function cliLoadOptions(g: GlobalFlags, services?: readonly string[]): LoadOptions {
  return {
    files: g.file.length > 0 ? g.file : undefined,
    projectName: g.projectName,
    profiles: g.profile.length > 0 ? g.profile : undefined,
    envFiles: g.envFile,
    projectDirectory: g.projectDirectory,
    allResources: g.allResources,
    services: services !== undefined && services.length > 0 ? services : undefined,
  };
}

/**
 * Loads the project the global flags point at (every service; the verbs select), or only
 * `services` and their dependencies when given (`run`).
 * @throws {ComposeError} from the loader
 */
export async function loadCliProject(
  g: GlobalFlags,
  services?: readonly string[],
): Promise<Project> {
  const { loadProjectSync } = await import('../loader/load-project.js');
  const project = loadProjectSync({ ...cliLoadOptions(g, services), onWarning: printWarning });
  exportComposeVariables(project);
  return project;
}

/** Where a model path is written in a project's files (the locator loads on use). */
async function locateInFiles(
  files: readonly string[],
  path: readonly (string | number)[],
): Promise<SourceLocation | undefined> {
  const { fileLocator } = await import('./locate-in-files.js');
  return fileLocator(files)(path);
}

/**
 * Loads the project with the services named on the command line enabled even when their
 * profiles are not active (`up debug`), as docker compose does: their profiles are activated
 * too, so the services sharing them are enabled along. Selecting among the services stays with
 * the verb.
 * @throws {ComposeError} from the loader
 */
export async function loadCliProjectEnabling(
  g: GlobalFlags,
  services: readonly string[],
): Promise<Project> {
  const project = await loadCliProject(g);
  const profiles = [...project.profiles];
  for (const s of services) {
    if (!Object.hasOwn(project.disabledServices, s)) continue;
    for (const p of project.disabledServices[s].profiles ?? []) {
      if (!profiles.includes(p)) profiles.push(p);
    }
  }
  if (profiles.length === project.profiles.length) return project;
  return loadCliProject({ ...g, profile: profiles });
}

/**
 * The project, or only its name when `-p` is given without `-f`: then no compose file is read
 * and the verbs work from the labels of what exists, as docker compose does.
 */
export async function loadProjectOrName(g: GlobalFlags): Promise<Project | string> {
  if (g.projectName !== undefined && g.projectName !== '' && g.file.length === 0) {
    return g.projectName;
  }
  return loadCliProject(g);
}

/** `COMPOSE_*` keys of `.env` that the OS environment lacks are exported, as compose does. */
function exportComposeVariables(project: Project): void {
  for (const [k, v] of Object.entries(project.environment)) {
    if (k.startsWith('COMPOSE_') && process.env[k] === undefined) process.env[k] = v;
  }
}

/**
 * Checks service names against a loaded project before any engine call.
 * @throws {ComposeError} `USAGE` `no such service: x`
 */
export function checkServiceNames(project: Project | string, services: readonly string[]): void {
  if (typeof project === 'string') return;
  for (const s of services) {
    if (!Object.hasOwn(project.services, s) && !Object.hasOwn(project.disabledServices, s)) {
      throw new ComposeError('USAGE', `no such service: ${s}`);
    }
  }
}

/**
 * The services a verb acts on, from the names on its command line. A project known only by its
 * name (`-p` without a file) has the services that have containers: a name with none is left
 * out, as `down` does (`labelledServices`). When names were given and none is left, there is
 * nothing to do: undefined (an empty list would mean every service).
 */
export async function servicesToActOn(
  loaded: Project | string,
  project: Project,
  services: readonly string[],
): Promise<string[] | undefined> {
  if (typeof loaded !== 'string') return [...services];
  const { labelledServices } = await import('../compose/project-containers.js');
  const kept = labelledServices(project, services);
  return kept.notRunning === undefined ? kept.named : undefined;
}

/** What a verb's body gets. */
export interface VerbEnv {
  readonly g: GlobalFlags;
  readonly compose: Compose;
  /**
   * The Compose's engine client when the engine is on a local socket (its API version already
   * being negotiated), for verbs that talk to the engine besides the Compose; else undefined.
   */
  readonly engine: import('../engine/index.js').EngineClient | undefined;
  readonly renderer: ProgressRenderer;
  readonly display: Display;
  /** Replaces the yes/no prompt (rm -f answers yes and prints the question on stdout). */
  readonly setConfirm: (confirm: (question: string) => Promise<boolean>) => void;
  /** The Compose project from labels, for verbs that need a project when only `-p` was given. */
  readonly resolve: (project: Project | string) => Promise<Project>;
  /**
   * The reporting options of a verb that makes a run report: `--report FILE` (else
   * `FLOTILLA_REPORT`) asks for it always and names the file; failed services are diagnosed on
   * stderr once the verb is over.
   */
  readonly reporting: (command: string, file: string | undefined) => ReportingOptions;
}

/**
 * Runs a verb: resolves the progress display (its flag errors come first), builds the Compose
 * with a renderer on stderr (its tty header names the command), runs `body`, and closes the
 * display. In json mode a failure is printed as `{"error":true,"message":...}`. `quiet` (as
 * `build -q`) takes the quiet display whatever `--progress` says, as docker compose does.
 */
export async function runVerb(
  cmd: Command,
  body: (env: VerbEnv) => Promise<number | undefined>,
  options: { readonly quiet?: boolean | undefined } = {},
): Promise<void> {
  const g = globalFlags(cmd);
  const { resolveDisplay } = await import('../progress/mode.js');
  const inputs = {
    progress: g.progress,
    ansi: g.ansi,
    env: process.env,
    stderrIsTTY: isTerminal(2),
    stdoutIsTTY: () => isTerminal(1),
  };
  let display = resolveDisplay(inputs);
  if (options.quiet === true) display = resolveDisplay({ ...inputs, progress: 'quiet' });
  // `up --timestamps` stamps the plain progress lines as well as the containers' output.
  const timestamps = cmd.opts<{ timestamps?: unknown }>().timestamps === true;
  const renderer = await createRenderer(display, cmd.name(), g, timestamps);
  let confirm: ((question: string) => Promise<boolean>) | undefined = promptYesNo;
  const { createCompose, toComposeError } = await import('../compose/compose.js');
  const parallel = parallelLimit(g);
  const local = await localEngine();
  const compose = createCompose({
    engine: local,
    events: renderer.sink,
    parallel,
    compatibility: g.compatibility === true || isTrue(process.env.COMPOSE_COMPATIBILITY),
    composeVersion: COMPOSE_VERSION,
    confirm: (q) => (confirm === undefined ? Promise.resolve(false) : confirm(q)),
    warn: (message) => {
      printWarning({ message });
    },
    info: (message) => stderrText.write(`${message}\n`),
    // BuildKit's progress as docker compose shows it: buildx's own display on a terminal, its
    // plain lines otherwise; json and quiet get them as events.
    locate: locateInFiles,
    buildkitOutput:
      display.mode === 'tty'
        ? { tty: true }
        : display.mode === 'plain'
          ? { write: (line) => stderrText.write(`${line}\n`) }
          : undefined,
  });
  let engine: import('../engine/index.js').EngineClient | undefined;
  const reports: { command?: string; file?: string; report?: RunReport } = {};
  const env: VerbEnv = {
    reporting: (command, file) => {
      reports.command = command;
      const target = file ?? process.env.FLOTILLA_REPORT;
      reports.file = target === '' ? undefined : target;
      return {
        report: reports.file === undefined ? 'failure' : 'always',
        onReport: (r) => {
          reports.report = r;
        },
      };
    },
    g,
    engine: local,
    compose,
    renderer,
    display,
    setConfirm: (c) => {
      confirm = c;
    },
    resolve: async (project) => {
      if (typeof project !== 'string') return project;
      const { projectFromLabels } = await import('../compose/project-containers.js');
      const { createEngineClient } = await import('../engine/index.js');
      engine ??= createEngineClient();
      // As the Compose's own calls: an unreachable engine is a message, not a stack trace.
      return projectFromLabels(engine, project).catch((err: unknown) => {
        throw toComposeError(err);
      });
    },
  };
  try {
    const code = await body(env);
    renderer.close();
    if (code !== undefined && code !== 0) process.exitCode = code;
    if (reports.command !== undefined) await finishReport(reports, code ?? 0);
  } catch (err) {
    renderer.close();
    const message = err instanceof Error ? err.message : String(err);
    const printed = renderer.error(message);
    if (reports.command !== undefined) {
      // The error line first, then the diagnosis of the services that failed.
      if (!printed) printError(err);
      const status = isComposeError(err) ? err.exitCode : 1;
      await finishReport(reports, status, err);
      process.exitCode = status;
      return;
    }
    if (printed) {
      process.exitCode = isComposeError(err) ? err.exitCode : 1;
      return;
    }
    throw err;
  }
}

/**
 * Prints the diagnosis of the failed services and writes the report file. A failure before any
 * report was made (a compose file error) still leaves a report file, with the error only.
 */
async function finishReport(
  reports: { command?: string; file?: string; report?: RunReport },
  status: number,
  err?: unknown,
): Promise<void> {
  const diagnosis = await import('./diagnosis.js');
  const { REPORT_SCHEMA_VERSION } = await import('../api/report.js');
  const report: RunReport = (isComposeError(err) ? err.report : undefined) ??
    reports.report ?? {
      schemaVersion: REPORT_SCHEMA_VERSION,
      project: '',
      command: reports.command ?? '',
      exitStatus: status,
      error:
        err === undefined
          ? undefined
          : {
              code: isComposeError(err) ? err.code : 'ERROR',
              message: err instanceof Error ? err.message : JSON.stringify(err),
            },
      time: new Date().toISOString(),
      services: [],
    };
  const text = diagnosis.formatDiagnosis(report, diagnosis.inGitHubActions(process.env));
  if (text !== '') stderrText.write(text);
  if (reports.file === undefined) return;
  try {
    diagnosis.writeReport(reports.file, report);
  } catch (e) {
    printWarning({ message: `cannot write the report ${reports.file}: ${(e as Error).message}` });
  }
}

/**
 * The engine client when the engine is on a local socket, its API version being negotiated at
 * once (`negotiate`) so that the ping overlaps loading the project. Elsewhere (tcp, where an
 * early ping could hold up the exit of a usage error) and when the endpoint does not resolve,
 * undefined: the Compose then creates the client on first use, and reports the problem there.
 */
async function localEngine(): Promise<import('../engine/index.js').EngineClient | undefined> {
  const { createEngineClient } = await import('../engine/index.js');
  let engine;
  try {
    engine = createEngineClient();
  } catch {
    return undefined;
  }
  if (!engine.host.startsWith('unix://')) return undefined;
  // A failed ping is not kept: the first real call pings again and reports the failure.
  engine.negotiate().catch(() => undefined);
  return engine;
}

function parallelLimit(g: GlobalFlags): number {
  const raw = g.parallel ?? process.env.COMPOSE_PARALLEL_LIMIT;
  if (raw === undefined || raw === '') return -1;
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    throw new ComposeError(
      'USAGE',
      `invalid parallel limit ${JSON.stringify(raw)}: must be an integer`,
    );
  }
  return n;
}

async function createRenderer(
  display: Display,
  operation: string,
  g: GlobalFlags,
  timestamps: boolean,
): Promise<ProgressRenderer> {
  switch (display.mode) {
    case 'tty':
      return (await import('../progress/tty.js')).createTtyRenderer(process.stderr, {
        operation,
        color: display.colorProgress,
        dryRun: g.dryRun,
      });
    case 'plain':
      return (await import('../progress/plain.js')).createPlainRenderer(stderrLines, {
        dryRun: g.dryRun,
        timestamps,
      });
    case 'json':
      return (await import('../progress/json.js')).createJsonRenderer(stderrLines, {
        dryRun: g.dryRun,
      });
    case 'quiet':
      return (await import('../progress/quiet.js')).createQuietRenderer();
  }
}

/** Asks a yes/no question on stderr and reads the answer from stdin; not a terminal means No. */
export async function promptYesNo(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`? ${question} Yes/No [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Parses `-t/--timeout` seconds. @throws {ComposeError} `USAGE` for a non-integer */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) {
    throw new ComposeError(
      'USAGE',
      `invalid argument "${value}" for "-t, --timeout" flag: must be an integer`,
    );
  }
  return n;
}
