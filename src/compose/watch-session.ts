// Following the `develop.watch` paths of running services: the rules are checked, the initial
// syncs run, then each batch of changes syncs files into the containers, restarts them, runs a
// command in them, or rebuilds the image and recreates the containers, one batch after another.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { WatchMessage, WatchOptions } from '../api/compose.js';
import { ComposeError } from '../api/errors.js';
import type { Project } from '../model/project.js';
import { build } from './build.js';
import type { ComposeContext } from './context.js';
import { serviceImage } from './container-config.js';
import { createProject } from './create.js';
import { monitorEngine } from './engine-monitor.js';
import { watchPaths, type FileWatcher } from './file-watcher.js';
import { checkServices, containerNameOf, listProjectContainers } from './project-containers.js';
import { restart } from './restart.js';
import { startProject } from './start.js';
import { Debouncer } from './watch-debounce.js';
import {
  compileWatchRules,
  isBindMounted,
  isSyncAction,
  matchRule,
  type PathMapping,
  type WatchRule,
} from './watch-rules.js';
import { runInContainer, syncService } from './watch-sync.js';

/** A running watch. */
export interface WatchSession {
  /** Settles when the watch ends: resolves after `signal` aborts, rejects when watching fails. */
  readonly done: Promise<void>;
  /** True while a batch of changes is being handled. */
  readonly busy: boolean;
  /** Resolves once no batch is being handled. */
  idle(): Promise<void>;
}

/** Writes one of the watch's own lines. */
type Say = (text: string, level?: WatchMessage['level']) => void;

/** `Go's %q` of a list of names, as compose prints it: `["web" "api"]`. */
function quoteList(names: readonly string[]): string {
  return `[${names.map((n) => JSON.stringify(n)).join(' ')}]`;
}

/** The rules of the selected services, checked. */
export function watchRules(
  project: Project,
  services: readonly string[] | undefined,
  noBuild: boolean,
): WatchRule[] {
  checkServices(project, services);
  const selected =
    services !== undefined && services.length > 0 ? services : Object.keys(project.services);
  const rules = selected.flatMap((s) => compileWatchRules(project.services[s]));
  if (rules.length === 0) {
    throw new ComposeError(
      'USAGE',
      "none of the selected services is configured for watch, consider setting a 'develop' section",
    );
  }
  if (noBuild) {
    const rebuild = rules.find((r) => r.action === 'rebuild');
    if (rebuild !== undefined) {
      throw new ComposeError(
        'USAGE',
        `--no-build is incompatible with watch action rebuild in service ${rebuild.service}`,
      );
    }
  }
  return rules;
}

/**
 * Starts watching with `rules` (from {@link watchRules}) the services that are already up: runs
 * the initial syncs, then handles batches of changes one after the other until `signal` aborts.
 * @throws {Error} when a path cannot be watched at all
 */
export async function startWatch(
  ctx: ComposeContext,
  project: Project,
  rules: readonly WatchRule[],
  options: WatchOptions = {},
): Promise<WatchSession> {
  const say: Say = (text, level = 'info') => {
    options.onMessage?.({ level, text });
  };
  const active = await activeRules(ctx, project, rules, options.signal);
  const session = new Session(
    (paths) => handleBatch(ctx, project, active, paths, options, say),
    say,
    ctx.warn,
    options.signal,
    options.debounceMs,
  );
  // The engine going away ends the watch at once, not at the next change.
  session.follow(active, (onLost) => monitorEngine(ctx, project.name, onLost));
  return session;
}

/**
 * The rules to follow, their initial syncs done. A sync rule whose path a bind mount already
 * shares with the container is dropped, with a warning.
 */
async function activeRules(
  ctx: ComposeContext,
  project: Project,
  rules: readonly WatchRule[],
  signal: AbortSignal | undefined,
): Promise<WatchRule[]> {
  const active: WatchRule[] = [];
  for (const rule of rules) {
    const service = project.services[rule.service];
    if (isSyncAction(rule.action) && isBindMounted(rule.path, service)) {
      ctx.warn(
        `path '${rule.path}' also declared by a bind mount volume, this path won't be monitored!`,
      );
      continue;
    }
    if (rule.initialSync && isSyncAction(rule.action)) {
      const files = await initialFiles(rule);
      if (files.length > 0) await syncService(ctx, project.name, rule.service, files, signal);
    }
    active.push(rule);
  }
  return active;
}

/** A running watch: batches of changed paths handled one after another, until it ends. */
class Session implements WatchSession {
  readonly done: Promise<void>;
  private handling = false;
  private chain: Promise<void> = Promise.resolve();
  private ended = false;
  private finish!: (err?: Error) => void;
  private watcher: FileWatcher | undefined;
  private stopMonitor: (() => void) | undefined;
  private readonly debouncer: Debouncer;
  private readonly onAbort = (): void => {
    this.end();
  };

  constructor(
    private readonly handle: (paths: readonly string[]) => Promise<void>,
    private readonly say: Say,
    private readonly warn: (message: string) => void,
    private readonly signal: AbortSignal | undefined,
    debounceMs: number | undefined,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.finish = (err) => {
        if (err === undefined) resolve();
        else reject(err);
      };
    });
    this.debouncer = new Debouncer((paths) => {
      this.enqueue(paths);
    }, debounceMs);
  }

  get busy(): boolean {
    return this.handling;
  }

  idle(): Promise<void> {
    return this.chain;
  }

  /**
   * Watches the rules' paths until `signal` aborts or watching fails (a path, or the engine
   * connection that `monitor` follows).
   */
  follow(
    rules: readonly WatchRule[],
    monitor: (onLost: (err: unknown) => void) => () => void,
  ): void {
    this.stopMonitor = monitor((err) => {
      this.end(err as Error);
    });
    this.watcher = watchPaths(
      [...new Set(rules.map((r) => r.path))],
      (path) => {
        if (rules.some((r) => matchRule(r, path) !== undefined)) this.debouncer.add(path);
      },
      (err) => {
        this.end(err);
      },
    );
    this.say('Watch enabled');
    if (this.signal?.aborted === true) this.end();
    else this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Handles a batch after the ones before it; a failure is a warning, the watch goes on. */
  private enqueue(paths: string[]): void {
    this.chain = this.chain.then(async () => {
      if (this.signal?.aborted ?? false) return;
      this.handling = true;
      try {
        await this.handle(paths);
      } catch (err) {
        if (!(this.signal?.aborted ?? false)) {
          this.warn(`Error handling changed files: ${(err as Error).message}`);
        }
      } finally {
        this.handling = false;
      }
    });
  }

  /** Stops watching; `done` settles once the batch being handled is over. */
  private end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.stopMonitor?.();
    this.watcher?.close();
    this.debouncer.close();
    this.signal?.removeEventListener('abort', this.onAbort);
    void this.chain.then(() => {
      if (err === undefined) this.say('Watch disabled');
      else this.say(`Watch disabled with errors: ${err.message}`, 'error');
      this.finish(
        err === undefined
          ? undefined
          : new ComposeError('RUNTIME', `watch failed: ${err.message}`, { cause: err }),
      );
    });
  }
}

/** What one batch of changed paths asks for, service by service. */
interface BatchPlan {
  readonly rebuild: Set<string>;
  readonly restart: Set<string>;
  readonly sync: Map<string, PathMapping[]>;
  readonly execs: Map<string, Set<WatchRule>>;
}

/** Sorts the changed paths by what their rules ask for. */
function planBatch(rules: readonly WatchRule[], paths: readonly string[]): BatchPlan {
  const plan: BatchPlan = {
    rebuild: new Set(),
    restart: new Set(),
    sync: new Map(),
    execs: new Map(),
  };
  for (const path of paths) {
    for (const rule of rules) {
      const mapping = matchRule(rule, path);
      if (mapping === undefined) continue;
      if (rule.action === 'rebuild') plan.rebuild.add(rule.service);
      if (rule.action === 'restart' || rule.action === 'sync+restart') {
        plan.restart.add(rule.service);
      }
      if (isSyncAction(rule.action)) {
        const list = plan.sync.get(rule.service) ?? [];
        list.push(mapping);
        plan.sync.set(rule.service, list);
      }
      if (rule.action === 'sync+exec') {
        const set = plan.execs.get(rule.service) ?? new Set();
        set.add(rule);
        plan.execs.set(rule.service, set);
      }
    }
  }
  return plan;
}

/** Handles one batch: rebuilds, then syncs, then restarts, then exec commands. */
async function handleBatch(
  ctx: ComposeContext,
  project: Project,
  rules: readonly WatchRule[],
  paths: readonly string[],
  options: WatchOptions,
  say: Say,
): Promise<void> {
  const signal = options.signal;
  const plan = planBatch(rules, paths);
  if (plan.rebuild.size > 0) await rebuildServices(ctx, project, [...plan.rebuild], options, say);
  for (const [service, mappings] of plan.sync) {
    say(`Syncing service "${service}" after ${mappings.length} changes were detected`);
    await syncService(ctx, project.name, service, mappings, signal);
  }
  if (plan.restart.size > 0) {
    const services = [...plan.restart];
    await restart(ctx, project, { services, signal });
    say(`service(s) ${quoteList(services)} restarted`);
  }
  for (const [service, set] of plan.execs) await runExecRules(ctx, project, service, set, signal);
}

/** The `sync+exec` action: runs each rule's command in every container of the service. */
async function runExecRules(
  ctx: ComposeContext,
  project: Project,
  service: string,
  rules: ReadonlySet<WatchRule>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const containers = await listProjectContainers(ctx.engine, project.name, {
    services: [service],
    signal,
  });
  for (const rule of rules) {
    const hook = rule.exec;
    if (hook?.command === undefined || hook.command === null) continue;
    const command = hook.command;
    const env = Object.entries(hook.environment ?? {}).map(([k, v]) =>
      v === null ? k : `${k}=${v}`,
    );
    await Promise.all(
      containers.map((c) =>
        runInContainer(ctx, c.Id, command, signal, {
          user: hook.user,
          workdir: hook.workingDir,
          env,
          privileged: hook.privileged,
        }).catch((err: unknown) => {
          throw new ComposeError(
            'RUNTIME',
            `exec in ${containerNameOf(c)}: ${(err as Error).message}`,
            { cause: err },
          );
        }),
      ),
    );
  }
}

/** The `rebuild` action: build the images, recreate the containers, start them. */
async function rebuildServices(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  options: WatchOptions,
  say: Say,
): Promise<void> {
  const signal = options.signal;
  say(`Rebuilding service(s) ${quoteList(services)} after changes were detected...`);
  const refs = services.map((s) => serviceImage(project, project.services[s], ctx.compatibility));
  const before = new Map<string, string>();
  if (options.prune !== false) {
    await Promise.all(
      refs.map(async (ref) => {
        const id = await ctx.engine.images
          .inspect(ref, { signal })
          .then((i) => i.Id)
          .catch(() => undefined);
        if (id !== undefined) before.set(ref, id);
      }),
    );
  }
  try {
    await build(ctx, project, { services, quiet: options.quiet, signal });
  } catch (err) {
    say(`Build failed. Error: ${(err as Error).message}`, 'error');
    throw err;
  }
  say(`service(s) ${quoteList(services)} successfully built`);
  let created;
  try {
    created = await createProject(ctx, project, {
      services,
      noDeps: true,
      noBuild: true,
      pull: 'never',
      recreate: 'force',
      ignoreOrphans: true,
      signal,
    });
  } catch (err) {
    say(`Failed to recreate services after update. Error: ${(err as Error).message}`, 'error');
    throw err;
  }
  try {
    await startProject(ctx, project, {
      services: created.services,
      containers: created.containers,
      signal,
    });
  } catch (err) {
    say(`Application failed to start after update. Error: ${(err as Error).message}`, 'error');
  }
  if (options.prune !== false) await pruneReplaced(ctx, refs, before, signal);
}

/** Removes the images a rebuild replaced, when they are left untagged (dangling). */
async function pruneReplaced(
  ctx: ComposeContext,
  refs: readonly string[],
  before: ReadonlyMap<string, string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const ref of refs) {
    const old = before.get(ref);
    if (old === undefined) continue;
    const now = await ctx.engine.images
      .inspect(ref, { signal })
      .then((i) => i.Id)
      .catch(() => undefined);
    if (now === old) continue;
    const image = await ctx.engine.images.inspect(old, { signal }).catch(() => undefined);
    if (image === undefined || (image.RepoTags ?? []).length > 0) continue;
    // Still used by a container (or a child image): the engine refuses, which is fine.
    await ctx.engine.images.remove(old, { signal }).catch(() => undefined);
  }
}

/** The files of a sync rule's path that are not ignored, for `initial_sync`. */
async function initialFiles(rule: WatchRule): Promise<PathMapping[]> {
  const out: PathMapping[] = [];
  const visit = async (path: string): Promise<void> => {
    if (path !== rule.path && rule.ignored(path)) return;
    let st;
    try {
      st = await lstat(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const child of (await readdir(path)).sort()) await visit(join(path, child));
      return;
    }
    const mapping = matchRule(rule, path);
    if (mapping !== undefined) out.push(mapping);
  };
  await visit(rule.path);
  return out;
}
