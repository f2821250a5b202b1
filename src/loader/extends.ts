import { dirname, isAbsolute, join } from 'node:path';
import { ComposeError } from '../api/errors.js';
import { mergeService } from './merge.js';
import { applyResets } from './reset.js';
import { resourceDir } from './resource-dir.js';
import { deepCopy, dict, has, isDict, type Dict, type Path } from './tree.js';

/** One service in one file, for detecting `extends` cycles. */
interface ServiceRef {
  readonly file: string;
  readonly service: string;
}

/** The chain of services being extended, outermost first. */
export class ExtendsTracker {
  constructor(private readonly chain: readonly ServiceRef[] = []) {}

  /**
   * A tracker with `service` of `file` added.
   * @throws ComposeError('EXTENDS') when that service is already in the chain; `path` is the
   * error's model path.
   */
  add(file: string, service: string, path?: string): ExtendsTracker {
    if (this.chain.some((r) => r.file === file && r.service === service)) {
      const first = this.chain[0];
      const lines = ['Circular reference:', `  ${first.service} in ${first.file}`];
      for (const r of [...this.chain.slice(1), { file, service }]) {
        lines.push(`  extends ${r.service} in ${r.file}`);
      }
      throw new ComposeError('EXTENDS', lines.join('\n'), { path });
    }
    return new ExtendsTracker([...this.chain, { file, service }]);
  }
}

/** A file loaded for its services only, as `extends.file` needs it. */
export interface ExtendsBase {
  readonly services: Dict;
  /** `!reset` paths of that file, applied to the base before the local definition merges. */
  readonly resetPaths: readonly Path[];
}

export interface ExtendsContext {
  /** The compose file being processed (absolute). */
  readonly file: string;
  /** Directory that relative `extends.file` values are resolved against. */
  readonly workingDir: string;
  /** `!reset` paths of the document being processed. */
  readonly resetPaths: readonly Path[];
  readonly tracker: ExtendsTracker;
  /**
   * Loads another compose file for `extends` (raw model: interpolated, canonical, its relative
   * paths resolved against `relativeWorkingDir`).
   */
  readonly loadFile: (
    file: string,
    workingDir: string,
    relativeWorkingDir: string,
    tracker: ExtendsTracker,
  ) => ExtendsBase;
}

/**
 * Resolves `extends` for every service of a document: each service becomes its base service
 * (recursively resolved, from the same or another file) with the local definition merged on
 * top, and loses its `extends` key.
 * @throws ComposeError('EXTENDS') for a missing base service, a cycle or a malformed `extends`.
 */
export function applyExtends(model: Dict, context: ExtendsContext): void {
  const services = model.services;
  if (services === undefined) return;
  if (!isDict(services)) {
    throw new ComposeError('SCHEMA', 'services must be a mapping', { path: 'services' });
  }
  for (const name of Object.keys(services)) {
    services[name] = extendService(name, services, context, context.file, context.tracker);
  }
}

function extendService(
  name: string,
  services: Dict,
  context: ExtendsContext,
  file: string,
  tracker: ExtendsTracker,
): unknown {
  const node = services[name];
  if (node === null || node === undefined) return node;
  if (!isDict(node)) {
    throw new ComposeError('SCHEMA', `services.${name} must be a mapping`, {
      path: `services.${name}`,
    });
  }
  if (!has(node, 'extends')) return node;
  const ext = node.extends;
  let ref: string;
  let otherFile: string | undefined;
  if (isDict(ext)) {
    if (typeof ext.service !== 'string') {
      throw new ComposeError('EXTENDS', `extends.${name}.service is required`, {
        path: `services.${name}.extends`,
      });
    }
    ref = ext.service;
    if (typeof ext.file === 'string') otherFile = ext.file;
  } else if (typeof ext === 'string') {
    ref = ext;
  } else {
    return node;
  }

  let baseServices = services;
  let baseFile = file;
  let baseResets: readonly Path[] = context.resetPaths;
  if (otherFile !== undefined) {
    const abs = isAbsolute(otherFile) ? otherFile : join(context.workingDir, otherFile);
    const relativeWorkingDir = resourceDir(context.workingDir, otherFile);
    const loaded = context.loadFile(abs, dirname(abs), relativeWorkingDir, tracker);
    if (!has(loaded.services, ref)) {
      throw new ComposeError(
        'EXTENDS',
        `cannot extend service ${JSON.stringify(name)} in ${file}: service ${JSON.stringify(ref)} not found in ${otherFile}`,
        { path: `services.${name}.extends` },
      );
    }
    baseServices = loaded.services;
    baseFile = otherFile;
    baseResets = loaded.resetPaths;
  } else if (!has(services, ref)) {
    throw new ComposeError(
      'EXTENDS',
      `cannot extend service ${JSON.stringify(name)} in ${file}: service ${JSON.stringify(ref)} not found`,
      { path: `services.${name}.extends` },
    );
  }

  const next = tracker.add(baseFile, name, `services.${name}.extends`);
  const base = extendService(
    ref,
    baseServices,
    { ...context, resetPaths: baseResets },
    baseFile,
    next,
  );
  if (base === null || base === undefined) return node;
  const source = deepCopy(base) as Dict;
  applyResets(dict([['services', dict([[name, source]])]]), context.resetPaths);
  const merged = mergeService(source, node);
  delete merged.extends;
  services[name] = merged;
  return merged;
}
