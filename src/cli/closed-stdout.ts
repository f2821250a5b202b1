/**
 * A reader that goes away (`flotilla logs -f | head -1`) ends flotilla as it ends the docker CLI
 * and docker compose: at the next write to standard output the process is killed by SIGPIPE
 * (status 141 in a shell), without a message, and a follower thus stops following. Node ignores
 * SIGPIPE and reports the closed pipe as an `EPIPE` error event on `process.stdout` instead,
 * which, unhandled, prints a stack trace and exits 1.
 *
 * `process.stdout` is created on first use (a short command that prints nothing never pays for
 * it), so the listener is added by the getter, when the stream comes into being.
 */
export function endOnClosedStdout(): void {
  const descriptor = Object.getOwnPropertyDescriptor(process, 'stdout');
  const get = descriptor?.get?.bind(process);
  if (descriptor === undefined || get === undefined || descriptor.configurable !== true) {
    process.stdout.on('error', onStdoutError);
    return;
  }
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: descriptor.enumerable,
    get(): NodeJS.WriteStream {
      if (stream === undefined) {
        stream = get() as NodeJS.WriteStream;
        stream.on('error', onStdoutError);
      }
      return stream;
    },
  });
}

function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') throw err;
  dieOfSigpipe();
}

/** Ends the process by SIGPIPE, whose default action node replaced by "ignore". */
export function dieOfSigpipe(): never {
  // Removing the last listener of a signal gives it back its default action.
  const ignore = (): void => undefined;
  process.on('SIGPIPE', ignore);
  process.off('SIGPIPE', ignore);
  process.kill(process.pid, 'SIGPIPE');
  // Not reached: the signal ends the process before kill() returns. Should it not, 128 + 13.
  process.exit(141);
}
