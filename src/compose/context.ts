import type { SourceLocation } from '../api/errors.js';
import { discardEvents, type EventSink } from '../api/events.js';
import { createEngineClient, type EngineClient } from '../engine/index.js';
import type { BuilderChoice, BuildkitOutput } from './buildx.js';

/**
 * What every verb of the orchestration works with: the engine, the progress sink and the
 * settings that come from global flags and the environment. Injected, so that orchestration can
 * be tested with a fake engine and a recording sink.
 */
export interface ComposeContext {
  readonly engine: EngineClient;
  /** Receives progress events. */
  readonly events: EventSink;
  /** Bound on concurrent pulls and builds (`--parallel`, `COMPOSE_PARALLEL_LIMIT`); -1 is unlimited. */
  readonly parallel: number;
  /** `--compatibility`: `_` as the container name separator. */
  readonly compatibility: boolean;
  /** Value of the `com.docker.compose.version` label. */
  readonly composeVersion: string;
  /** Answers a yes/no question (volume recreation); absent means the default answer, No. */
  readonly confirm?: ((question: string) => Promise<boolean>) | undefined;
  /** Receives warnings (orphans, unreachable dependencies, unmanaged resources). */
  readonly warn: (message: string) => void;
  /** Receives informational lines shown as they are on stderr (`No container to kill`). */
  readonly info?: ((message: string) => void) | undefined;
  /**
   * The builder: `buildx bake` (BuildKit) or the classic builder. Absent: chosen as docker
   * compose chooses (`DOCKER_BUILDKIT`, the buildx plugin installed).
   */
  readonly builder?: BuilderChoice | undefined;
  /** Where buildx's progress goes; absent: its plain lines become image events' details. */
  readonly buildkitOutput?: BuildkitOutput | undefined;
  /**
   * Where a model path (`['services', 'web', 'build', 'cache_to', 0]`) is written in the
   * project's compose files, for the errors about values found after loading; the CLI supplies it
   * (the loader's locator is a layer above).
   */
  readonly locate?: Locate | undefined;
}

/** What a context is made from: the settings given, the others at their defaults. */
export type ContextSettings = Partial<Omit<ComposeContext, 'composeVersion'>> &
  Pick<ComposeContext, 'composeVersion'>;

/**
 * A context from `settings`: the engine client from the environment made on first use when none
 * is given, events discarded, parallelism unlimited, no compatibility mode, warnings dropped.
 */
export function composeContext(settings: ContextSettings): ComposeContext {
  let engine = settings.engine;
  return {
    get engine(): EngineClient {
      engine ??= createEngineClient();
      return engine;
    },
    events: settings.events ?? discardEvents,
    parallel: settings.parallel ?? -1,
    compatibility: settings.compatibility ?? false,
    composeVersion: settings.composeVersion.replace(/^v/, ''),
    confirm: settings.confirm,
    warn: settings.warn ?? (() => undefined),
    info: settings.info,
    builder: settings.builder,
    buildkitOutput: settings.buildkitOutput,
    locate: settings.locate,
  };
}

/** Finds where a model path is written in a project's compose files (undefined: not found). */
export type Locate = (
  files: readonly string[],
  path: readonly (string | number)[],
) => SourceLocation | undefined | Promise<SourceLocation | undefined>;
