// `watch`: follows the `develop.watch` paths of the services and, for each batch of changes,
// syncs files into the running containers, restarts them, runs a command in them, or rebuilds the
// image and recreates the containers — as docker compose's watch does.
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

/**
 * `watch`: unless `noUp`, builds and starts the services (detached) first; then watches until
 * `signal` aborts.
 * @throws {ComposeError} `USAGE` when no selected service has `develop.watch`, for rebuild
 *   rules without a build section or with `noBuild`; failures of the initial `up`
 */
export async function watch(
  ctx: ComposeContext,
  project: Project,
  options: WatchOptions = {},
): Promise<void> {
  const session = await startWatch(ctx, project, options);
  await session.done;
}

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
 * Starts watching (after the `up` of {@link watch} unless `noUp`): runs the initial syncs, then
 * handles batches of changes one after the other until `signal` aborts.
 * @throws {ComposeError} as {@link watch}
 */
export async function startWatch(
  ctx: ComposeContext,
  project: Project,
  options: WatchOptions = {},
): Promise<WatchSession> {
  const signal = options.signal;
  const say = (text: string, level: WatchMessage['level'] = 'info'): void => {
    options.onMessage?.({ level, text });
  };
  const rules = watchRules(project, options.services, options.noBuild === true);

  if (options.noUp !== true) {
    const { up } = await import('./up.js');
    // Services that are built and watched are always rebuilt, so the image matches the sources.
    const services = Object.fromEntries(
      Object.entries(project.services).map(([name, s]) => [
        name,
        s.build !== undefined && s.develop !== undefined ? { ...s, pullPolicy: 'build' } : s,
      ]),
    );
    await up(
      ctx,
      { ...project, services },
      {
        services: options.services,
        detach: true,
        recreateDependencies: 'never',
        quietPull: options.quiet,
        signal,
      },
    );
  }

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

  let busy = false;
  let chain: Promise<void> = Promise.resolve();
  const handle = (paths: string[]): void => {
    chain = chain.then(async () => {
      if (signal?.aborted ?? false) return;
      busy = true;
      try {
        await handleBatch(ctx, project, active, paths, options, say);
      } catch (err) {
        if (!(signal?.aborted ?? false)) {
          ctx.warn(`Error handling changed files: ${(err as Error).message}`);
        }
      } finally {
        busy = false;
      }
    });
  };
  const debouncer = new Debouncer(handle, options.debounceMs);

  let finish!: (err?: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = (err) => {
      if (err === undefined) resolve();
      else reject(err);
    };
  });
  const files: { watcher?: FileWatcher } = {};
  let ended = false;
  const end = (err?: Error): void => {
    if (ended) return;
    ended = true;
    stopMonitor();
    files.watcher?.close();
    debouncer.close();
    signal?.removeEventListener('abort', onAbort);
    void chain.then(() => {
      if (err === undefined) say('Watch disabled');
      else say(`Watch disabled with errors: ${err.message}`, 'error');
      finish(
        err === undefined
          ? undefined
          : new ComposeError('RUNTIME', `watch failed: ${err.message}`, { cause: err }),
      );
    });
  };
  const onAbort = (): void => {
    end();
  };

  // The engine going away ends the watch at once, not at the next change.
  const stopMonitor = monitorEngine(ctx, project.name, (err) => {
    end(err as Error);
  });
  files.watcher = watchPaths(
    [...new Set(active.map((r) => r.path))],
    (path) => {
      if (active.some((r) => matchRule(r, path) !== undefined)) debouncer.add(path);
    },
    (err) => {
      end(err);
    },
  );
  say('Watch enabled');
  if (signal?.aborted === true) end();
  else signal?.addEventListener('abort', onAbort, { once: true });

  return {
    done,
    get busy() {
      return busy;
    },
    idle: () => chain,
  };
}

/** Handles one batch: rebuilds, then syncs, then restarts, then exec commands. */
async function handleBatch(
  ctx: ComposeContext,
  project: Project,
  rules: readonly WatchRule[],
  paths: readonly string[],
  options: WatchOptions,
  say: (text: string, level?: WatchMessage['level']) => void,
): Promise<void> {
  const signal = options.signal;
  const rebuild = new Set<string>();
  const restartSet = new Set<string>();
  const sync = new Map<string, PathMapping[]>();
  const execs = new Map<string, Set<WatchRule>>();
  for (const path of paths) {
    for (const rule of rules) {
      const mapping = matchRule(rule, path);
      if (mapping === undefined) continue;
      if (rule.action === 'rebuild') rebuild.add(rule.service);
      if (rule.action === 'restart' || rule.action === 'sync+restart') {
        restartSet.add(rule.service);
      }
      if (isSyncAction(rule.action)) {
        const list = sync.get(rule.service) ?? [];
        list.push(mapping);
        sync.set(rule.service, list);
      }
      if (rule.action === 'sync+exec') {
        const set = execs.get(rule.service) ?? new Set();
        set.add(rule);
        execs.set(rule.service, set);
      }
    }
  }

  if (rebuild.size > 0) await rebuildServices(ctx, project, [...rebuild], options, say);
  for (const [service, mappings] of sync) {
    say(`Syncing service "${service}" after ${mappings.length} changes were detected`);
    await syncService(ctx, project.name, service, mappings, signal);
  }
  if (restartSet.size > 0) {
    const services = [...restartSet];
    await restart(ctx, project, { services, signal });
    say(`service(s) ${quoteList(services)} restarted`);
  }
  for (const [service, set] of execs) {
    const containers = await listProjectContainers(ctx.engine, project.name, {
      services: [service],
      signal,
    });
    for (const rule of set) {
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
}

/** The `rebuild` action: build the images, recreate the containers, start them. */
async function rebuildServices(
  ctx: ComposeContext,
  project: Project,
  services: readonly string[],
  options: WatchOptions,
  say: (text: string, level?: WatchMessage['level']) => void,
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
