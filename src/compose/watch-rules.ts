// `develop.watch` rules compiled for matching: which rule a changed host path falls under, whether
// it is ignored (the rule's `ignore`, the build context's .dockerignore, editor temp files, .git)
// and where it lands in the container.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { ComposeError } from '../api/errors.js';
import { IgnoreMatcher, parseDockerignore } from '../build/dockerignore.js';
import type { ServiceConfig } from '../model/service.js';
import type { ServiceHook } from '../model/service-parts.js';

/** The actions of a `develop.watch` rule. */
export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

const ACTIONS: ReadonlySet<string> = new Set([
  'sync',
  'rebuild',
  'restart',
  'sync+restart',
  'sync+exec',
]);

/**
 * Editor and toolchain temp files that never trigger anything (GoLand, emacs, vim, kate, go),
 * matched against any path segment sequence.
 */
const EPHEMERAL_PATTERNS: readonly string[] = [
  '**/*___jb_old___',
  '**/*___jb_tmp___',
  '**/.idea/**',
  '**/.#*',
  '**/#*#',
  '**/4913',
  '**/*~',
  '**/.*.swp',
  '**/.*.swx',
  '**/.*.swo',
  '**/.*.swn',
  '**/.*.kate-swp',
  '**/*-go-tmp-umask',
  '**/.git',
];

/** A pattern list rooted at a directory: paths outside the root never match. */
class RootedMatcher {
  private readonly matcher: IgnoreMatcher;

  /** @param lines patterns as {@link parseDockerignore} returns them */
  constructor(
    readonly root: string,
    lines: readonly string[],
  ) {
    this.matcher = new IgnoreMatcher(lines);
  }

  /** True when `hostPath` (absolute) or one of its parents below the root matches. */
  matches(hostPath: string): boolean {
    if (this.matcher.patterns.length === 0) return false;
    const rel = relativeInside(this.root, hostPath);
    if (rel === undefined || rel === '') return false;
    return this.matcher.ignores(rel);
  }
}

const ephemeral = new RootedMatcher(sep, EPHEMERAL_PATTERNS);

/** A rule's `ignore`/`include` list, cleaned as .dockerignore lines are. */
function patternLines(patterns: readonly string[]): string[] {
  return parseDockerignore(patterns.map((p) => p.replace(/^#/, '\\#')).join('\n'));
}

/** One compiled `develop.watch` rule of a service. */
export interface WatchRule {
  readonly service: string;
  readonly action: WatchAction;
  /** The watched host path, absolute. */
  readonly path: string;
  /** The container path the rule's `path` maps to (sync actions). */
  readonly target: string | undefined;
  readonly initialSync: boolean;
  /** `sync+exec`: the command to run after syncing. */
  readonly exec: ServiceHook | undefined;
  /** True when `hostPath` is excluded by the rule's `ignore`, the context's .dockerignore, editor temp files or `.git`. */
  ignored(hostPath: string): boolean;
  /** True when `hostPath` passes the rule's `include` patterns (all paths when none). */
  included(hostPath: string): boolean;
}

/** A changed host path and where it goes in the container. */
export interface PathMapping {
  readonly hostPath: string;
  /** Absolute, slash-separated; undefined when the rule has no target. */
  readonly containerPath: string | undefined;
}

/** True for the actions that copy files into the container. */
export function isSyncAction(action: WatchAction): boolean {
  return action === 'sync' || action === 'sync+restart' || action === 'sync+exec';
}

/**
 * Compiles a service's `develop.watch` rules.
 * @throws {ComposeError} `USAGE` for an unknown action, a rebuild rule without a `build:`
 *   section, or a malformed ignore pattern
 */
export function compileWatchRules(service: ServiceConfig): WatchRule[] {
  const triggers = service.develop?.watch ?? [];
  if (triggers.length === 0) return [];
  const dockerignore = loadDockerignore(service);
  return triggers.map((t, i) => {
    if (!ACTIONS.has(t.action)) {
      throw new ComposeError(
        'USAGE',
        `services.${service.name}.develop.watch[${i}].action: unknown action "${t.action}" (expected sync, rebuild, restart, sync+restart or sync+exec)`,
      );
    }
    const action = t.action as WatchAction;
    if (action === 'rebuild' && service.build === undefined) {
      throw new ComposeError(
        'USAGE',
        `can't watch service "${service.name}" with action rebuild without a build context`,
      );
    }
    if (action === 'sync+exec' && (t.exec?.command ?? []).length === 0) {
      throw new ComposeError(
        'USAGE',
        `can't watch with action "sync+exec" on service ${service.name} without a command`,
      );
    }
    let ignore: RootedMatcher;
    let include: RootedMatcher | undefined;
    try {
      ignore = new RootedMatcher(t.path, patternLines(t.ignore ?? []));
      include =
        t.include !== undefined && t.include.length > 0
          ? new RootedMatcher(t.path, patternLines(t.include))
          : undefined;
    } catch (err) {
      throw new ComposeError(
        'USAGE',
        `services.${service.name}.develop.watch[${i}]: ${(err as Error).message}`,
        { cause: err },
      );
    }
    return {
      service: service.name,
      action,
      path: t.path,
      target: t.target,
      initialSync: t.initialSync === true || t.extensions?.['x-initialSync'] === true,
      exec: t.exec,
      ignored: (p: string) =>
        ignore.matches(p) || ephemeral.matches(p) || (dockerignore?.matches(p) ?? false),
      included: (p: string) => include === undefined || p === t.path || include.matches(p),
    };
  });
}

/**
 * Maps a changed host path through a rule: undefined when the path is outside the rule's path,
 * not included or ignored; else the container path (`target` joined with the relative path).
 * @example matchRule(rule, '/src/app/index.js') // { hostPath, containerPath: '/app/index.js' }
 */
export function matchRule(rule: WatchRule, hostPath: string): PathMapping | undefined {
  const rel = relativeInside(rule.path, hostPath);
  if (rel === undefined) return undefined;
  if (!rule.included(hostPath) || rule.ignored(hostPath)) return undefined;
  const containerPath =
    rule.target === undefined || rule.target === ''
      ? undefined
      : rel === ''
        ? rule.target
        : posix.join(rule.target, rel.split(sep).join('/'));
  return { hostPath, containerPath };
}

/**
 * True when a sync rule's path lies inside a bind-mounted source of the service: compose leaves
 * such rules out (the files are already shared).
 */
export function isBindMounted(path: string, service: ServiceConfig): boolean {
  return (service.volumes ?? []).some(
    (v) =>
      v.type === 'bind' && v.source !== undefined && relativeInside(v.source, path) !== undefined,
  );
}

/** `path` relative to `root` ('' for the root itself), or undefined when it lies outside. */
export function relativeInside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel;
}

/**
 * The build context's ignore file (`<Dockerfile>.dockerignore`, else `.dockerignore`) as a
 * matcher rooted at the context; undefined without a local build context or ignore file.
 */
function loadDockerignore(service: ServiceConfig): RootedMatcher | undefined {
  const context = service.build?.context;
  if (context === undefined || !isAbsolute(context)) return undefined;
  const candidates = [
    join(context, `${service.build?.dockerfile ?? 'Dockerfile'}.dockerignore`),
    join(context, '.dockerignore'),
  ];
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    try {
      return new RootedMatcher(context, parseDockerignore(text));
    } catch (err) {
      throw new ComposeError('USAGE', `${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return undefined;
}
