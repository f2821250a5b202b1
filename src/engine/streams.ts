import type { Duplex, Readable } from 'node:stream';
import { guardStream, type LostConnection } from './connection-lost.js';
import { FrameDemuxer, type StreamChunk } from './frames.js';
import { JsonLineSplitter } from './json-lines.js';

/**
 * A container's output (logs, attach, exec): demultiplexed stdout/stderr chunks, or for a TTY
 * the raw stream as `stdout`. Iterate it once; breaking out of the loop or {@link close} ends
 * the connection. Iteration throws when the connection fails or the call's signal aborts.
 */
export class OutputStream implements AsyncIterable<StreamChunk> {
  private closed = false;
  private readonly raw: Readable;
  private readonly source: AsyncIterable<unknown>;

  /**
   * @param source the response body or hijacked socket
   * @param tty true when the bytes are a raw TTY stream rather than multiplexed frames
   * @param lost turns a broken connection into the error iteration throws
   * @param atEnd confirms an end without error (a hijacked connection ends the same way when the
   *   process stops and when the engine dies); throws for the latter
   */
  constructor(
    source: Readable,
    readonly tty: boolean,
    lost?: LostConnection,
    atEnd?: () => Promise<void>,
  ) {
    this.raw = source;
    this.source = guardStream(source, lost, () => this.closed, atEnd);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamChunk, void, undefined> {
    const source = this.source;
    if (this.tty) {
      for await (const data of source) yield { stream: 'stdout', data: data as Buffer };
      return;
    }
    const demuxer = new FrameDemuxer();
    for await (const data of source) {
      for (const chunk of demuxer.push(data as Buffer)) yield chunk;
    }
  }

  /** Stops reading and closes the connection. */
  close(): void {
    this.closed = true;
    this.raw.destroy();
  }
}

/**
 * Reads an output stream to its end and returns stdout and stderr as UTF-8 text each.
 * @example const { stdout } = await collectOutput(await engine.containers.logs(id));
 */
export async function collectOutput(
  output: AsyncIterable<StreamChunk>,
): Promise<{ stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for await (const chunk of output) (chunk.stream === 'stderr' ? err : out).push(chunk.data);
  return {
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/**
 * A stream of JSON objects, one per line (events, stats, build output, pull/push progress).
 * Iterate it once; breaking out or {@link close} ends the connection.
 */
export class JsonStream<T> implements AsyncIterable<T> {
  private closed = false;

  /**
   * @param source the response body
   * @param check inspects every object before it is yielded and returns an error to throw
   *   instead (the engine reports build and pull failures inside the stream)
   * @param malformed builds the error for a line that is not JSON
   */
  constructor(
    private readonly source: Readable,
    private readonly check: ((value: T) => Error | undefined) | undefined,
    private readonly malformed: (line: string, cause: unknown) => Error,
    private readonly lost?: LostConnection,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    const splitter = new JsonLineSplitter();
    this.source.setEncoding('utf8');
    for await (const text of guardStream(this.source, this.lost, () => this.closed)) {
      for (const line of splitter.push(text as string)) yield this.parse(line);
    }
    const last = splitter.end();
    if (last !== undefined) yield this.parse(last);
  }

  /** Stops reading and closes the connection. */
  close(): void {
    this.closed = true;
    this.source.destroy();
  }

  private parse(line: string): T {
    let value: T;
    try {
      value = JSON.parse(line) as T;
    } catch (err) {
      throw this.malformed(line, err);
    }
    const failure = this.check?.(value);
    if (failure !== undefined) {
      this.closed = true;
      this.source.destroy();
      throw failure;
    }
    return value;
  }
}

/**
 * A connection the engine handed over for attach or exec: the container's output arrives on
 * {@link output}, and what is written to {@link stdin} goes to the process's stdin (when the
 * call asked for stdin).
 */
export class HijackedStream {
  /** The container's output; ends when the process's streams close. */
  readonly output: OutputStream;

  /**
   * @param lost turns a broken connection into the error reading {@link output} throws
   * @param atEnd confirms that the engine is still there when the connection ends
   */
  constructor(
    /** The raw connection (both directions). */
    readonly socket: Duplex,
    tty: boolean,
    lost?: LostConnection,
    atEnd?: () => Promise<void>,
  ) {
    this.output = new OutputStream(socket, tty, lost, atEnd);
  }

  /** The process's stdin; `stdin.end()` is {@link closeStdin}. */
  get stdin(): Duplex {
    return this.socket;
  }

  /** Writes to the process's stdin and resolves once the data is handed to the OS. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(data, (err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }

  /**
   * Half-closes the connection: the process sees end-of-file on stdin while its output keeps
   * flowing. (For attach this needs a container created with `OpenStdin` and `StdinOnce`.)
   */
  closeStdin(): void {
    this.socket.end();
  }

  /** Closes the connection both ways. */
  close(): void {
    this.output.close();
  }
}
