import { lstatSync, realpathSync } from 'node:fs';
import { ComposeError } from '../api/errors.js';
import { goTypeName } from './go-format.js';
import { expandUser, goJoin, isWindowsAbs } from './go-path.js';
import { compilePathTrie, type PathTrie } from './path-trie.js';
import { formatPath, isDict, type Dict, type Path } from './tree.js';

type Resolver = (value: unknown, path: Path) => unknown;

export interface PathResolution {
  /** Directory that relative paths resolve against (may itself be relative, for includes). */
  readonly workingDir: string;
  /** Home directory for `~` (defaults to the process's). */
  readonly home?: string | undefined;
  /** Recognises remote resources (git, OCI) that must stay as written. */
  readonly isRemote?: ((path: string) => boolean) | undefined;
}

/**
 * Makes the relative paths of a model absolute: build contexts, env and label files, extends
 * files, watch paths, bind mounts, secret and config files, include entries and bind-type
 * `local` volume devices. The tree is modified in place.
 * @throws ComposeError('SCHEMA') for a bind mount without a source.
 */
export function resolveRelativePaths(model: Dict, options: PathResolution): void {
  const r = new Resolution(options);
  const resolvers: (readonly [readonly string[], Resolver])[] = [
    [['services', '*', 'build', 'context'], (v) => r.contextPath(v)],
    [['services', '*', 'build', 'additional_contexts', '*'], (v) => r.contextPath(v)],
    [['services', '*', 'build', 'ssh', '*'], (v) => r.maybeUnixPath(v)],
    [['services', '*', 'env_file', '*', 'path'], (v, p) => r.absPath(v, p)],
    [['services', '*', 'label_file', '*'], (v, p) => r.absPath(v, p)],
    [['services', '*', 'extends', 'file'], (v) => r.extendsPath(v)],
    [['services', '*', 'develop', 'watch', '*', 'path'], (v) => r.symbolicLinkPath(v)],
    [['services', '*', 'volumes', '*'], (v, p) => r.volumeMount(v, p)],
    [['configs', '*', 'file'], (v) => r.maybeUnixPath(v)],
    [['secrets', '*', 'file'], (v) => r.maybeUnixPath(v)],
    [['include', 'path'], (v, p) => r.absPath(v, p)],
    [['include', 'project_directory'], (v, p) => r.absPath(v, p)],
    [['include', 'env_file'], (v, p) => r.absPath(v, p)],
    [['volumes', '*'], (v) => r.volumeDriverOpts(v)],
  ];
  walk(model, [], compilePathTrie(resolvers));
}

// Only the nodes on the way to a resolved path are visited.
function walk(node: unknown, path: Path, trie: PathTrie<Resolver>): unknown {
  const resolver = trie.value;
  if (resolver !== undefined) return resolver(node, path);
  if (isDict(node)) {
    for (const key of Object.keys(node)) {
      const below = trie.child(key);
      if (below !== undefined) node[key] = walk(node[key], [...path, key], below);
    }
  } else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const below = trie.child(i);
      if (below !== undefined) node[i] = walk(node[i], [...path, i], below);
    }
  }
  return node;
}

class Resolution {
  constructor(private readonly options: PathResolution) {}

  absPath(value: unknown, path: Path = []): unknown {
    if (Array.isArray(value)) return value.map((v: unknown, i) => this.absPath(v, [...path, i]));
    if (typeof value !== 'string') {
      const where = formatPath(path);
      const detail = `unexpected type ${goTypeName(value)}`;
      throw new ComposeError('SCHEMA', where === '' ? detail : `${where}: ${detail}`, {
        path: where === '' ? undefined : where,
      });
    }
    const v = expandUser(value, this.options.home);
    if (v.startsWith('/') || v === '') return v;
    return goJoin(this.options.workingDir, v);
  }

  maybeUnixPath(value: unknown): unknown {
    if (typeof value !== 'string') return value;
    const p = expandUser(value, this.options.home);
    if (!p.startsWith('/') && !isWindowsAbs(p)) return goJoin(this.options.workingDir, p);
    return p;
  }

  contextPath(value: unknown): unknown {
    const v = String(value);
    if (v.includes('://') || v.startsWith('service:')) return v;
    if (
      ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'].some((p) =>
        v.startsWith(p),
      )
    ) {
      return v;
    }
    return this.absPath(v);
  }

  extendsPath(value: unknown): unknown {
    const v = String(value);
    if (this.options.isRemote?.(v)) return v;
    return this.absPath(v);
  }

  symbolicLinkPath(value: unknown): unknown {
    const abs = this.absPath(value);
    return typeof abs === 'string' ? resolveSymbolicLink(abs) : abs;
  }

  volumeMount(value: unknown, path: Path): unknown {
    if (!isDict(value) || value.type !== 'bind') return value;
    if (!Object.hasOwn(value, 'source')) {
      throw new ComposeError(
        'SCHEMA',
        `${formatPath(path)}: invalid mount config for type "bind": field Source must not be empty`,
        { path: formatPath(path) },
      );
    }
    value.source = this.maybeUnixPath(String(value.source));
    return value;
  }

  volumeDriverOpts(value: unknown): unknown {
    if (!isDict(value) || value.driver !== 'local') return value;
    const opts = value.driver_opts;
    if (!isDict(opts)) return value;
    if (opts.o === 'bind' && Object.hasOwn(opts, 'device')) {
      opts.device = this.maybeUnixPath(opts.device);
    }
    return value;
  }
}

/**
 * Replaces the first symbolic link along an absolute path with its target, as compose-go does
 * for watch paths (file events report real paths).
 */
function resolveSymbolicLink(path: string): string {
  let current = path.startsWith('/') ? '/' : '';
  for (const part of path.split('/')) {
    if (part === '') continue;
    current = goJoin(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      isLink = false;
    }
    if (isLink) {
      const target = realpathSync(current);
      return path.replace(current, target);
    }
  }
  return path;
}
