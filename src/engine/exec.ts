import type { Abortable } from './containers.js';
import type { EngineCore } from './core.js';
import { pathSegment } from './query.js';
import type { HijackedStream } from './streams.js';
import type { ExecCreateBody, ExecInspect } from './types/exec.js';

export interface ExecStartOptions extends Abortable {
  /** Whether the exec was created with `Tty` (raw output). @default asks the engine */
  readonly tty?: boolean;
  /** Initial `[height, width]` of the TTY (API >= 1.42). */
  readonly consoleSize?: [number, number];
}

/** `/exec/*` and exec creation: running extra processes in a running container. */
export class ExecApi {
  constructor(private readonly core: EngineCore) {}

  /**
   * Creates an exec instance in a running container.
   * @throws {EngineError} 409 when the container is not running (or paused)
   */
  create(
    containerId: string,
    body: ExecCreateBody,
    options: Abortable = {},
  ): Promise<{ Id: string }> {
    return this.core.json('POST', `/containers/${pathSegment(containerId)}/exec`, {
      json: body,
      signal: options.signal,
    });
  }

  /** Starts an exec instance detached: the process runs on; check it with {@link inspect}. */
  async startDetached(id: string, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/exec/${pathSegment(id)}/start`, {
      json: { Detach: true, Tty: false },
      signal: options.signal,
    });
  }

  /**
   * Starts an exec instance over a hijacked connection: its output arrives on `output` and,
   * when the exec was created with `AttachStdin`, `write`/`closeStdin` feed its stdin. The
   * exit code is in {@link inspect} once `output` has ended.
   */
  async start(id: string, options: ExecStartOptions = {}): Promise<HijackedStream> {
    const tty =
      options.tty ?? (await this.inspect(id, { signal: options.signal })).ProcessConfig.tty;
    const body: Record<string, unknown> = { Detach: false, Tty: tty };
    if (options.consoleSize !== undefined) body.ConsoleSize = options.consoleSize;
    return this.core.hijack('POST', `/exec/${pathSegment(id)}/start`, tty, {
      json: body,
      signal: options.signal,
    });
  }

  /** `GET /exec/{id}/json`: running state and exit code. */
  inspect(id: string, options: Abortable = {}): Promise<ExecInspect> {
    return this.core.json('GET', `/exec/${pathSegment(id)}/json`, options);
  }

  /** Resizes the exec's TTY. */
  async resize(id: string, size: { h: number; w: number }, options: Abortable = {}): Promise<void> {
    await this.core.empty('POST', `/exec/${pathSegment(id)}/resize`, {
      query: { h: size.h, w: size.w },
      signal: options.signal,
    });
  }
}
