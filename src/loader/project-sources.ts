import type { SourceLocator } from '../api/convert.js';
import { ComposeError, type SourceLocation } from '../api/errors.js';
import type { LoadOptions } from '../api/load-options.js';
import type { Project } from '../model/project.js';
import { loadModel } from './load-project.js';
import { parsePath, type LoadSession } from './session.js';
import { isDict, type Path } from './tree.js';

/** A project with the means to find where its fields are written. */
export interface ProjectWithSources {
  readonly project: Project;
  /**
   * Where a model path (`services.web.ports[0]`) is written: in the last compose file that
   * sets it (overrides win), including included files and the base service of `extends`;
   * undefined for values the
   * files do not spell out (defaults, normalised forms).
   */
  readonly locate: SourceLocator;
}

/**
 * Loads a project as {@link loadProject} does, keeping the files' text so that fields can be
 * located afterwards (for reports such as `convert`'s). The files are parsed again, with
 * positions, only for the paths asked about.
 * @throws ComposeError as loadProject
 * @example
 * const { project, locate } = await loadProjectWithSources({ cwd: 'examples/nginx' });
 * locate('services.web-server.image') // { file: 'compose.yaml', line: 3, column: 5 }
 */
export function loadProjectWithSources(options: LoadOptions = {}): Promise<ProjectWithSources> {
  try {
    const loaded = loadModel({ ...options, interpolate: true });
    const project = loaded.project;
    if (project === undefined) {
      throw new ComposeError('USAGE', 'a project cannot be typed without interpolation');
    }
    const session = loaded.session;
    // A field a service inherits through `extends` is written under its base service (the
    // loaded project no longer says which: the files do).
    const bases = extendedServices(session);
    const find = (path: Path, depth: number): SourceLocation | undefined => {
      const found = session.find(path, []);
      if (found !== undefined || depth > 16 || path[0] !== 'services' || path.length < 3) {
        return found;
      }
      const base = bases.get(String(path[1]));
      return base === undefined ? undefined : find(['services', base, ...path.slice(2)], depth + 1);
    };
    return Promise.resolve({ project, locate: (path) => find(parsePath(path), 0) });
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/** The base service each service `extends`, as the files read say (the newest file first). */
function extendedServices(session: LoadSession): Map<string, string> {
  const bases = new Map<string, string>();
  for (const file of [...session.files].reverse()) {
    let documents;
    try {
      documents = session.peek(file);
    } catch {
      continue;
    }
    for (const doc of documents) {
      const services = isDict(doc.value) ? doc.value.services : undefined;
      if (!isDict(services)) continue;
      for (const [name, service] of Object.entries(services)) {
        const ext = isDict(service) ? service.extends : undefined;
        const base = typeof ext === 'string' ? ext : isDict(ext) ? ext.service : undefined;
        if (typeof base === 'string' && !bases.has(name)) bases.set(name, base);
      }
    }
  }
  return bases;
}
