import { ComposeError } from '../api/errors.js';
import type { LoadOptions } from '../api/load-options.js';
import { decodeProject } from '../model/decode.js';
import { ModelError } from '../model/model-error.js';
import type { Project } from '../model/project.js';
import { checkConsistency, checkContainerNames } from './consistency.js';
import { buildProjectEnvironment, type ProjectEnvironment } from './environment.js';
import { substitute } from './interpolation/index.js';
import { finishModel, loadRawModel, type PhaseOptions } from './load-model.js';
import { applyProfiles, enableServices } from './profiles.js';
import { resolveProjectName } from './project-name.js';
import { pruneResources, selectServices } from './select.js';
import { resolveEnvFiles } from './service-environment.js';
import { resolveLabelFiles } from './service-labels.js';
import { LoadSession } from './session.js';
import { dict, formatPath, has, isDict, type Dict } from './tree.js';

/** The raw model of a project with what was learnt while loading it. */
export interface LoadedModel {
  /** The merged, canonical model tree (the shape `config --format json` prints). */
  readonly model: Dict;
  readonly name: string;
  readonly workingDir: string;
  readonly composeFiles: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly envFiles: readonly string[];
  readonly profiles: readonly string[];
  readonly session: LoadSession;
  /**
   * The typed project after every phase; undefined when interpolation was switched off (the
   * model may then hold `${VAR}` text that cannot be typed).
   */
  readonly project: Project | undefined;
}

/**
 * Runs every loader phase (README phases 1-22) and returns the model tree that
 * `docker compose config` prints, together with the typed project. Services disabled by
 * profiles or not selected, resources no service uses (unless `allResources`) are left out of
 * the tree; `environment` includes the services' env files.
 * @throws ComposeError for every problem in the files or the environment.
 */
export function loadModel(options: LoadOptions = {}): LoadedModel {
  const cwd = options.cwd ?? process.cwd();
  const osEnvironment = options.environment ?? process.env;
  const session = new LoadSession({
    cwd,
    home: osEnvironment.HOME,
    stdin: options.stdin,
    onWarning: options.onWarning,
  });

  const env = projectEnvironment(session, cwd, osEnvironment, options);
  const phases: PhaseOptions = {
    skipValidation: false,
    skipInterpolation: options.interpolate === false,
    skipNormalization: options.normalize === false,
    resolvePaths: options.resolvePaths !== false,
    skipExtends: false,
    skipInclude: false,
    skipDefaultValues: false,
  };
  const environment = env.environment;
  const name = projectName(session, env, options, phases);
  environment.COMPOSE_PROJECT_NAME = name;

  const raw = loadRawModel(
    session,
    {
      files: env.files,
      workingDir: env.projectDir,
      resourceDir: env.projectDir,
      environment,
    },
    phases,
    [],
  );
  const model = finishModel(session, raw, name, environment, phases);
  const project = phases.skipInterpolation
    ? undefined
    : finishProject(session, model, options, {
        name,
        workingDir: env.projectDir,
        composeFiles: env.files,
        environment,
        profiles: env.profiles,
      });
  if (project) applyToTree(model, project);
  return {
    model,
    project,
    name,
    workingDir: env.projectDir,
    composeFiles: env.files,
    environment,
    envFiles: env.envFiles,
    profiles: env.profiles,
    session,
  };
}

/**
 * The environment of the project (the OS environment with the `.env` files), its compose files
 * and profiles; its warnings go to the session.
 * @throws ComposeError `ENV_FILE` for an unreadable env file, `NOT_FOUND` without compose file
 */
function projectEnvironment(
  session: LoadSession,
  cwd: string,
  osEnvironment: NodeJS.ProcessEnv,
  options: LoadOptions,
): ProjectEnvironment {
  let env: ProjectEnvironment;
  try {
    env = buildProjectEnvironment({
      cwd,
      osEnvironment,
      files: options.files,
      projectDirectory: options.projectDirectory,
      envFiles: options.envFiles,
      profiles: options.profiles,
    });
  } catch (err) {
    throw err instanceof ComposeError
      ? err
      : new ComposeError('ENV_FILE', String(err), { cause: err });
  }
  for (const w of env.warnings) session.warn(w);
  if (env.files.length === 0) {
    throw new ComposeError('NOT_FOUND', 'no configuration file provided: not found', {
      hint: `looked for compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml in ${cwd} and its parents; use -f to name a file`,
    });
  }
  return env;
}

/**
 * The project name, known before interpolation (`${COMPOSE_PROJECT_NAME}` sees it): `-p`, the
 * environment, the last `name:` of the files, or the project directory's.
 * @throws ComposeError `PROJECT_NAME`, located in the file when the name comes from one
 */
function projectName(
  session: LoadSession,
  env: ProjectEnvironment,
  options: LoadOptions,
  phases: PhaseOptions,
): string {
  const environment = env.environment;
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(environment, name) ? environment[name] : undefined;
  const namesInFiles: string[] = [];
  for (const file of env.files) {
    for (const doc of session.peek(file)) {
      const name = isDict(doc.value) ? doc.value.name : undefined;
      if (typeof name === 'string' || typeof name === 'number' || typeof name === 'boolean') {
        namesInFiles.push(String(name));
      }
    }
  }
  let resolvedName: ReturnType<typeof resolveProjectName>;
  try {
    resolvedName = resolveProjectName({
      explicit: options.projectName,
      environment,
      namesInFiles,
      interpolate: (value) =>
        phases.skipInterpolation ? value : session.locateErrors(() => substitute(value, lookup)),
      normalize: !phases.skipNormalization,
      projectDir: env.projectDir,
    });
  } catch (err) {
    // Only a name written in a file (an error with a path) has a place to point at.
    throw err instanceof ComposeError && err.path !== undefined
      ? session.locate(err, [...env.files].reverse())
      : err;
  }
  for (const w of resolvedName.warnings) session.warn(w);
  return resolvedName.name;
}

/**
 * Loads a Compose project: finds the compose files, reads them with the environment and
 * returns the typed, validated {@link Project}, as `docker compose` sees it.
 * @throws ComposeError for every problem in the files or the environment (`code` tells which).
 * @example
 * const project = await loadProject({ cwd: '/srv/app', profiles: ['debug'] });
 * for (const name of dependencyOrder(project)) console.log(name);
 */
export function loadProject(options: LoadOptions = {}): Promise<Project> {
  try {
    return Promise.resolve(loadProjectSync(options));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * {@link loadProject} without the promise, for callers that cannot await (the files are read
 * synchronously either way).
 * @throws ComposeError as {@link loadProject}.
 */
export function loadProjectSync(options: LoadOptions = {}): Project {
  const loaded = loadModel({ ...options, interpolate: true });
  if (loaded.project === undefined) {
    throw new ComposeError('USAGE', 'a project cannot be typed without interpolation');
  }
  return loaded.project;
}

interface ProjectFacts {
  readonly name: string;
  readonly workingDir: string;
  readonly composeFiles: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly profiles: readonly string[];
}

/** Phases 18-22 (compose-go's ModelToProject). */
function finishProject(
  session: LoadSession,
  model: Dict,
  options: LoadOptions,
  facts: ProjectFacts,
): Project {
  const files = facts.composeFiles;
  return session.locateErrors(
    () => {
      let project = decode(model, facts);
      project = applyProfiles(project, facts.profiles);
      if (options.consistency !== false) project = checkConsistency(project);
      const selected = options.services ?? [];
      if (selected.length > 0) {
        project = selectServices(enableServices(project, selected), selected);
      }
      if (options.allResources !== true) project = pruneResources(project);
      if (options.resolveEnvFiles !== false) {
        project = resolveEnvFiles(project, { discardEnvFiles: options.discardEnvFiles === true });
      }
      project = resolveLabelFiles(project, {
        discardLabelFiles: options.discardEnvFiles === true,
      });
      if (options.consistency !== false) checkContainerNames(project);
      return project;
    },
    [...files].reverse(),
  );
}

function decode(model: Dict, facts: ProjectFacts): Project {
  try {
    return decodeProject(model, facts);
  } catch (err) {
    if (err instanceof ModelError) {
      throw new ComposeError('SCHEMA', err.message, { path: formatPath(err.path), cause: err });
    }
    throw err;
  }
}

/**
 * Brings the tree in line with the typed project: services that are not enabled and unused
 * resources are removed, dropped `depends_on` entries too, `deploy.replicas` follows `scale`,
 * `environment` holds the env files' values and `env_file` is gone once discarded; the same for
 * `labels` and `label_file`.
 */
function applyToTree(model: Dict, project: Project): void {
  const services = isDict(model.services) ? model.services : undefined;
  if (services) {
    for (const name of Object.keys(services)) {
      const node = services[name];
      if (!Object.hasOwn(project.services, name) || !isDict(node)) {
        Reflect.deleteProperty(services, name);
        continue;
      }
      const service = project.services[name];
      if (isDict(node.depends_on)) {
        const dependsOn = node.depends_on;
        for (const dep of Object.keys(dependsOn)) {
          if (!Object.hasOwn(service.dependsOn ?? {}, dep)) Reflect.deleteProperty(dependsOn, dep);
        }
        if (Object.keys(dependsOn).length === 0) delete node.depends_on;
      }
      const replicas = service.deploy?.replicas;
      if (replicas !== undefined && isDict(node.deploy)) node.deploy.replicas = replicas;
      if (service.environment !== undefined) {
        const environment = dict();
        for (const [key, value] of Object.entries(service.environment)) environment[key] = value;
        if (Object.keys(environment).length > 0) node.environment = environment;
        else delete node.environment;
      }
      if (service.envFiles === undefined) delete node.env_file;
      if (node.label_file !== undefined && service.labels !== undefined) {
        const labels = dict();
        for (const [key, value] of Object.entries(service.labels)) labels[key] = value;
        node.labels = labels;
      }
      if (service.labelFiles === undefined) delete node.label_file;
    }
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs', 'models'] as const) {
    const resources = model[kind];
    if (!isDict(resources)) continue;
    const kept = project[kind];
    for (const key of Object.keys(resources))
      if (!Object.hasOwn(kept, key)) Reflect.deleteProperty(resources, key);
    if (Object.keys(resources).length === 0 && has(model, kind))
      Reflect.deleteProperty(model, kind);
  }
}
