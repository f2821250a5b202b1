// Choosing the progress display and colours from flags, environment and terminals.
import { ComposeError } from '../api/errors.js';
import type { ProgressMode } from './renderer.js';

/** Inputs of {@link resolveDisplay}. */
export interface DisplayInputs {
  /** `--progress`. */
  readonly progress?: string | undefined;
  /** `--ansi`. */
  readonly ansi?: string | undefined;
  /** The process environment (`COMPOSE_PROGRESS`, `COMPOSE_ANSI`, `NO_COLOR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal. */
  readonly stderrIsTTY: boolean;
  /**
   * Whether stdout is a terminal; a function is asked only when {@link Display.colorLogs} is
   * read (a command that prints no container output then never sets up `process.stdout`).
   */
  readonly stdoutIsTTY: boolean | (() => boolean);
}

/** The chosen display. */
export interface Display {
  readonly mode: ProgressMode;
  /** `never`, `always` or `auto` after `COMPOSE_ANSI`. */
  readonly ansi: 'never' | 'always' | 'auto';
  /** Colours in the progress display (stderr). */
  readonly colorProgress: boolean;
  /** Colours in container output (stdout), before `--no-color`. */
  readonly colorLogs: boolean;
}

/**
 * Resolves `--progress auto|tty|plain|json|quiet` (`none` = quiet; default `COMPOSE_PROGRESS`,
 * else auto) and `--ansi never|always|auto` (default `COMPOSE_ANSI`, else auto) as docker
 * compose does: auto is plain with `--ansi never`, tty when stderr is a terminal, else plain.
 * `NO_COLOR` (non-empty) turns colours off.
 * @throws {ComposeError} `USAGE` for unknown values and the incompatible combinations
 */
export function resolveDisplay(inputs: DisplayInputs): Display {
  const ansiValue = inputs.ansi ?? inputs.env.COMPOSE_ANSI ?? 'auto';
  if (ansiValue !== 'never' && ansiValue !== 'always' && ansiValue !== 'auto') {
    throw new ComposeError('USAGE', `unexpected ANSI value ${JSON.stringify(ansiValue)}`);
  }
  const ansi = ansiValue;
  let progress = inputs.progress ?? inputs.env.COMPOSE_PROGRESS ?? 'auto';
  if (progress === '') progress = 'auto';
  if (progress === 'none') progress = 'quiet';
  let mode: ProgressMode;
  switch (progress) {
    case 'auto':
      mode = ansi === 'never' ? 'plain' : inputs.stderrIsTTY || ansi === 'always' ? 'tty' : 'plain';
      break;
    case 'tty':
      if (ansi === 'never') {
        throw new ComposeError('USAGE', "can't use --progress tty while ANSI support is disabled");
      }
      mode = 'tty';
      break;
    case 'plain':
      if (ansi === 'always') {
        throw new ComposeError('USAGE', "can't use --progress plain while ANSI support is forced");
      }
      mode = 'plain';
      break;
    case 'json':
    case 'quiet':
      mode = progress;
      break;
    default:
      throw new ComposeError(
        'USAGE',
        `unsupported --progress value ${JSON.stringify(progress)}: use auto, tty, plain, json or quiet`,
      );
  }
  const noColor = (inputs.env.NO_COLOR ?? '') !== '';
  const allowed = (tty: boolean): boolean =>
    !noColor && (ansi === 'always' || (ansi === 'auto' && tty));
  const stdoutIsTTY = inputs.stdoutIsTTY;
  let colorLogs: boolean | undefined;
  return {
    mode,
    ansi,
    colorProgress: allowed(inputs.stderrIsTTY),
    get colorLogs() {
      colorLogs ??= allowed(typeof stdoutIsTTY === 'function' ? stdoutIsTTY() : stdoutIsTTY);
      return colorLogs;
    },
  };
}
