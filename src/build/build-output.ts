// Decoding the classic builder's JSON message stream (`POST /build`) into lines of output, step
// progress, the built image ID and a clear error.
import { ComposeError } from '../api/errors.js';

/** The fields of a build stream message this decoder reads (structurally the engine's JsonMessage). */
export interface BuildMessage {
  readonly stream?: string | undefined;
  readonly status?: string | undefined;
  readonly id?: string | undefined;
  readonly progress?: string | undefined;
  readonly aux?: { readonly ID?: string | undefined } | undefined;
  readonly error?: string | undefined;
  readonly errorDetail?: { readonly message?: string | undefined } | undefined;
}

/** One decoded piece of build output. */
export type BuildEvent =
  /** A complete line of the builder's output, without its newline. */
  | { readonly kind: 'line'; readonly text: string }
  /** The start of a Dockerfile step: `Step 2/5 : RUN make`. */
  | {
      readonly kind: 'step';
      readonly step: number;
      readonly total: number;
      readonly instruction: string;
    }
  /** Pull progress for a base image (`status` messages). */
  | { readonly kind: 'status'; readonly id: string | undefined; readonly text: string }
  /** The builder's failure message. */
  | { readonly kind: 'error'; readonly message: string };

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const SUCCESS = /^Successfully built ([0-9a-f]{12,64})$/;

/**
 * Turns build messages into events. `stream` text arrives in arbitrary pieces: it is split into
 * whole lines (an unfinished line waits for the next piece or {@link end}). Keeps the image ID
 * (`aux.ID`, or the `Successfully built` line of older engines) and the last lines for errors.
 */
export class BuildOutputDecoder {
  private rest = '';
  private id: string | undefined;
  private shortId: string | undefined;
  private readonly tail: string[] = [];
  private currentStep: string | undefined;

  /** @param tailSize how many recent lines to keep for error messages */
  constructor(private readonly tailSize = 10) {}

  /** The built image ID (`sha256:...`, or the short ID when only that was printed). */
  get imageId(): string | undefined {
    return this.id ?? this.shortId;
  }

  /** The step running when output last arrived, e.g. `Step 2/3 : RUN make`. */
  get step(): string | undefined {
    return this.currentStep;
  }

  /** The last lines of output, oldest first. */
  get lastLines(): readonly string[] {
    return this.tail;
  }

  /** Decodes one message. */
  push(message: BuildMessage): BuildEvent[] {
    const events: BuildEvent[] = [];
    if (message.aux?.ID !== undefined) this.id = message.aux.ID;
    if (message.stream !== undefined) {
      const text = this.rest + message.stream.replace(/\r\n/g, '\n');
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) events.push(this.line(line));
    }
    if (message.status !== undefined) {
      const text = message.progress ? `${message.status} ${message.progress}` : message.status;
      events.push({ kind: 'status', id: message.id, text });
    }
    const error = message.errorDetail?.message ?? message.error;
    if (error !== undefined) events.push({ kind: 'error', message: error.trim() });
    return events;
  }

  /** Flushes an unfinished last line. */
  end(): BuildEvent[] {
    if (this.rest === '') return [];
    const line = this.rest;
    this.rest = '';
    return [this.line(line)];
  }

  private line(raw: string): BuildEvent {
    const text = raw.replace(/\s+$/, '');
    this.tail.push(text);
    if (this.tail.length > this.tailSize) this.tail.shift();
    const step = STEP.exec(text);
    if (step !== null) {
      this.currentStep = text;
      return {
        kind: 'step',
        step: Number(step[1]),
        total: Number(step[2]),
        instruction: step[3],
      };
    }
    const done = SUCCESS.exec(text);
    if (done !== null) this.shortId = done[1];
    return { kind: 'line', text };
  }
}

/**
 * Reads a build stream to its end, passing every event to `onEvent`, and returns the image ID.
 * An error reported by the builder becomes a `ComposeError` `BUILD` naming the service (when
 * given), the failing step and the builder's message, with the original error as `cause`.
 * Errors that are not the builder's (connection, abort) pass through unchanged.
 *
 * @param messages the build stream; it may itself throw the builder's error (the engine client
 *   does), which is then treated like an error message
 * @throws {ComposeError} `BUILD` on a builder failure or when no image ID was reported
 */
export async function readBuildOutput(
  messages: AsyncIterable<BuildMessage>,
  options: {
    readonly service?: string | undefined;
    readonly onEvent?: ((event: BuildEvent) => void) | undefined;
    /** Tells the builder's in-stream failure apart from transport errors. */
    readonly isStreamError?: ((err: unknown) => boolean) | undefined;
  } = {},
): Promise<string> {
  const decoder = new BuildOutputDecoder();
  const emit = (events: BuildEvent[]): void => {
    for (const e of events) options.onEvent?.(e);
  };
  const fail = (message: string, cause?: unknown): ComposeError => {
    const who = options.service === undefined ? 'build' : `build of service "${options.service}"`;
    const where = decoder.step === undefined ? '' : ` at "${decoder.step}"`;
    return new ComposeError('BUILD', `${who} failed${where}: ${message}`, { cause });
  };
  try {
    for await (const m of messages) {
      const events = decoder.push(m);
      emit(events);
      const error = events.find((e) => e.kind === 'error');
      if (error !== undefined) {
        emit(decoder.end());
        throw fail(error.message);
      }
    }
  } catch (err) {
    if (err instanceof ComposeError) throw err;
    if (options.isStreamError?.(err) === true) {
      emit(decoder.end());
      throw fail((err as Error).message, err);
    }
    throw err;
  }
  emit(decoder.end());
  const id = decoder.imageId;
  if (id === undefined) throw fail('the builder reported no image ID');
  return id;
}
