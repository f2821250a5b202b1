// `attach`: connect the caller's streams to a service container's main process.
import type { AttachOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import type { ComposeContext } from './context.js';
import { engineFailure } from './emit.js';
import { connect, targetContainer } from './exec.js';

/**
 * Attaches to a running service container (`attach`): its output goes to `streams`, stdin (unless
 * `noStdin`, and only when the container keeps stdin open) to the process, terminal resizes to
 * its TTY, and with `sigProxy` (default, without a TTY) the caller's signals to the container
 * (the signal then also ends the attach, with status 130, as docker compose).
 * The detach keys end the session and leave the container running.
 * @returns the container's exit code once it has stopped
 * @throws {ComposeError} `RUNTIME` when the service has no running container, and
 *   `read escape sequence` after the detach keys, as docker's client reports a detach
 */
export async function attach(
  ctx: ComposeContext,
  project: Project | string,
  options: AttachOptions,
): Promise<number> {
  const container = await targetContainer(ctx, project, options);
  const signal = options.signal;
  try {
    const info = await ctx.engine.containers.inspect(container.Id, { signal });
    const tty = info.Config.Tty === true;
    options.onAttach?.({ tty });
    const interactive =
      options.noStdin !== true &&
      info.Config.OpenStdin === true &&
      options.streams.stdin !== undefined;
    const session = await ctx.engine.containers.attach(container.Id, {
      stdin: interactive,
      stdout: true,
      stderr: true,
      detachKeys: options.detachKeys,
      tty,
      signal,
    });
    const offs: (() => void)[] = [];
    const proxied = { interrupted: false };
    if (options.sigProxy !== false && !tty && options.streams.onSignal !== undefined) {
      offs.push(
        options.streams.onSignal((sig) => {
          void ctx.engine.containers.kill(container.Id, { killSignal: sig }).catch(() => undefined);
          // The signal also ends the attach, as it cancels docker compose's command (status 130).
          proxied.interrupted = true;
          session.close();
        }),
      );
    }
    const streams = options.streams;
    const resize = async (): Promise<void> => {
      const size = streams.size?.();
      if (size === undefined) return;
      await ctx.engine.containers.resize(container.Id, { h: size.rows, w: size.columns });
    };
    try {
      await connect(session, streams, { tty, interactive, resize: tty ? resize : undefined });
    } catch (err) {
      // Closing the session on a proxied signal ends the output stream with an error.
      if (!proxied.interrupted) throw err;
    } finally {
      for (const off of offs) off();
    }
    if (proxied.interrupted) return 130;
    // The output ends when the container stops or the user detached; only the former has a status.
    const after = await ctx.engine.containers.inspect(container.Id, { signal });
    if (!after.State.Running) {
      return (await ctx.engine.containers.wait(container.Id, { signal })).StatusCode;
    }
  } catch (err) {
    throw engineFailure(err);
  }
  // docker's client reports a detach as the error `read escape sequence` (status 1).
  throw new ComposeError('RUNTIME', 'read escape sequence');
}
