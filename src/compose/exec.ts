// `exec`: run a command in a running service container, connected to the caller's streams.
import type { ContainerTargetOptions, ExecOptions, TerminalStreams } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { ContainerSummary as EngineContainer, HijackedStream } from '../engine/index.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import {
  checkServices,
  isOneoff,
  listProjectContainers,
  replicaNumber,
} from './project-containers.js';

/** Which containers {@link targetContainer} may pick. */
export interface TargetScope {
  /** Consider one-off (`run`) containers after the numbered ones. @default true */
  readonly oneoff?: boolean | undefined;
  /** Consider stopped containers too. @default false */
  readonly stopped?: boolean | undefined;
}

/**
 * The container a single-container verb acts on: replica `index` of the service, or the
 * lowest-numbered one, falling back to a one-off when no numbered container exists. `--index`
 * never matches a one-off.
 * @throws {ComposeError} `RUNTIME` `service "web" is not running` (or `... container #2`), `USAGE`
 *   for a service the loaded project does not declare
 */
export async function targetContainer(
  ctx: ComposeContext,
  project: Project | string,
  target: ContainerTargetOptions,
  scope: TargetScope = {},
): Promise<EngineContainer> {
  const name = typeof project === 'string' ? project : project.name;
  if (typeof project !== 'string') checkServices(project, [target.service]);
  const index = target.index ?? 0;
  const containers = await listProjectContainers(ctx.engine, name, {
    all: scope.stopped ?? false,
    oneoff: (scope.oneoff ?? true) ? 'include' : 'exclude',
    services: [target.service],
    signal: target.signal,
  }).catch((err: unknown) => {
    throw engineFailure(err);
  });
  // Numbered replicas first, lowest number first; one-offs last.
  const ordered = [
    ...containers.filter((c) => !isOneoff(c)).sort((a, b) => replicaNumber(a) - replicaNumber(b)),
    ...containers.filter((c) => isOneoff(c)),
  ];
  const suffix = index > 0 ? ` container #${index}` : '';
  const notRunning = (): ComposeError =>
    new ComposeError(
      'RUNTIME',
      `service ${JSON.stringify(target.service)} is not running${suffix}`,
    );
  if (ordered.length === 0) throw notRunning();
  if (index === 0) return ordered[0];
  const found = ordered.find((c) => !isOneoff(c) && replicaNumber(c) === index);
  if (found === undefined) throw notRunning();
  return found;
}

/**
 * Runs a command in a service container (`exec`). Attached, the command's output goes to
 * `streams` (raw when `tty`, else split into stdout and stderr), `streams.stdin` feeds its input
 * (end of input closes the command's stdin) and the TTY follows the caller's terminal size.
 * @returns the command's exit code (0 when detached)
 * @throws {ComposeError} `RUNTIME` when the service has no running container, `ENGINE` when the
 *   engine refuses the exec (e.g. the container is paused)
 */
export async function exec(
  ctx: ComposeContext,
  project: Project | string,
  options: ExecOptions,
): Promise<number> {
  if (options.command.length === 0) {
    throw new ComposeError('USAGE', 'exec requires a command to run');
  }
  const container = await targetContainer(ctx, project, options);
  const tty = options.tty === true;
  const streams = options.streams;
  const interactive =
    options.detach !== true && streams?.stdin !== undefined && options.interactive !== false;
  const signal = options.signal;
  try {
    const { Id } = await ctx.engine.exec.create(
      container.Id,
      {
        Cmd: [...options.command],
        AttachStdin: interactive,
        AttachStdout: options.detach !== true,
        AttachStderr: options.detach !== true,
        Tty: tty,
        Env: options.env === undefined ? undefined : [...options.env],
        User: options.user,
        WorkingDir: options.workdir,
        Privileged: options.privileged === true,
      },
      { signal },
    );
    if (options.detach === true) {
      await ctx.engine.exec.startDetached(Id, { signal });
      return 0;
    }
    if (streams === undefined)
      throw new ComposeError('USAGE', 'exec needs streams unless detached');
    const session = await ctx.engine.exec.start(Id, { tty, signal });
    const resize = async (): Promise<void> => {
      const size = streams.size?.();
      if (size === undefined) return;
      await ctx.engine.exec.resize(Id, { h: size.rows, w: size.columns });
    };
    await connect(session, streams, { tty, interactive, resize: tty ? resize : undefined });
    return await exitCodeOf(ctx, Id, signal);
  } catch (err) {
    throw engineFailure(err);
  }
}

async function exitCodeOf(
  ctx: ComposeContext,
  execId: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  // The output can end a moment before the engine records the exit.
  for (let attempt = 0; attempt < 50; attempt++) {
    const info = await ctx.engine.exec.inspect(execId, { signal });
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new ComposeError('RUNTIME', `exec ${execId.slice(0, 12)} did not report an exit code`);
}

/** How {@link connect} joins a hijacked connection to the caller's streams. */
export interface ConnectOptions {
  readonly tty: boolean;
  readonly interactive: boolean;
  /** Sends the terminal size to the process; called once at start and on every resize. */
  readonly resize?: (() => Promise<void>) | undefined;
}

/**
 * Pipes a hijacked attach/exec connection to the caller's streams until the process's output
 * ends: output to stdout (and stderr when there is no TTY), stdin to the process (its end
 * half-closes the connection), terminal resizes to `resize`.
 */
export async function connect(
  session: HijackedStream,
  streams: TerminalStreams,
  options: ConnectOptions,
): Promise<void> {
  const cleanups: (() => void)[] = [];
  const stdin = options.interactive ? streams.stdin : undefined;
  if (stdin !== undefined) {
    const onData = (data: Buffer | string): void => {
      session.socket.write(data);
    };
    const onEnd = (): void => {
      session.closeStdin();
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.resume();
    cleanups.push(() => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
    });
  }
  const resize = options.resize;
  if (resize !== undefined) {
    const apply = (): void => {
      // A resize right after start can precede the process; retry briefly, then give up.
      void retry(resize, 5);
    };
    apply();
    const off = streams.onResize?.(apply);
    if (off !== undefined) cleanups.push(off);
  }
  try {
    for await (const chunk of session.output) {
      const out = chunk.stream === 'stderr' ? streams.stderr : streams.stdout;
      if (!out.write(chunk.data)) await new Promise((r) => out.once('drain', r));
    }
  } finally {
    for (const c of cleanups) c();
    session.close();
  }
}

async function retry(fn: () => Promise<void>, attempts: number): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      await fn();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50 * (i + 1)));
    }
  }
}
