import type { SourceLocator } from '../api/convert.js';
import { ComposeError } from '../api/errors.js';
import type { LoadOptions } from '../api/load-options.js';
import type { Project } from '../model/project.js';
import { loadModel } from './load-project.js';
import { parsePath } from './session.js';

/** A project with the means to find where its fields are written. */
export interface ProjectWithSources {
  readonly project: Project;
  /**
   * Where a model path (`services.web.ports[0]`) is written: in the last compose file that
   * sets it (overrides win), including included and extended files; undefined for values the
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
    return Promise.resolve({ project, locate: (path) => session.find(parsePath(path), []) });
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
