import { ComposeError } from '../api/errors.js';
import { readEnvFiles } from './env-files.js';
import { applyExtends, ExtendsTracker, type ExtendsBase } from './extends.js';
import { applyInclude, type IncludeRequest } from './include.js';
import { interpolateInPlace } from './interpolation/index.js';
import { mergeModel } from './merge.js';
import { normalizeModel } from './normalize.js';
import { resolveRelativePaths } from './paths.js';
import { applyResets } from './reset.js';
import { resolveEnvironmentValues } from './resolve-environment.js';
import { validateSchema } from './schema/index.js';
import type { LoadSession } from './session.js';
import { canonical, fixEmptyNotNull, omitEmpty, setDefaults } from './transform/index.js';
import { dict, formatDottedPath, has, isDict, type Dict, type Path } from './tree.js';
import { enforceUnicity } from './unicity.js';
import { validateModel } from './validate.js';

/** Which phases run; compose-go's loader options. */
export interface PhaseOptions {
  readonly skipValidation: boolean;
  readonly skipInterpolation: boolean;
  readonly skipNormalization: boolean;
  readonly resolvePaths: boolean;
  readonly skipExtends: boolean;
  readonly skipInclude: boolean;
  readonly skipDefaultValues: boolean;
}

/** The inputs of one model: files, where relative paths point, and the environment. */
export interface ModelSource {
  /** Absolute compose file paths (or `-`). */
  readonly files: readonly string[];
  /** Directory that relative paths resolve against (relative for included projects). */
  readonly workingDir: string;
  /** Directory that relative `include` / `extends` files resolve against (absolute). */
  readonly resourceDir: string;
  /** Variables for interpolation and value resolution. */
  readonly environment: Readonly<Record<string, string>>;
}

interface FileResult {
  readonly model: Dict;
  readonly resetPaths: readonly Path[];
}

/**
 * Loads the merged raw model of a set of compose files (compose-go's loadYamlModel): every file
 * and document parsed, interpolated, included, extended, merged, validated and made canonical,
 * then defaults, validation, relative paths and environment values.
 */
export function loadRawModel(
  session: LoadSession,
  source: ModelSource,
  options: PhaseOptions,
  included: readonly string[],
): Dict {
  let model = dict();
  for (const file of source.files) {
    model = loadFile(session, file, source, options, new ExtendsTracker(), model, included).model;
  }
  if (!options.skipDefaultValues) model = setDefaults(model);
  if (!options.skipValidation)
    session.locateErrors(() => {
      validateModel(model);
    }, source.files);
  if (options.resolvePaths) {
    session.locateErrors(() => {
      resolveRelativePaths(model, { workingDir: source.workingDir, home: session.home });
    }, source.files);
  }
  resolveEnvironmentValues(model, lookupIn(source.environment));
  return model;
}

/**
 * Finishes the top-level model (compose-go's load): non-empty, named, normalised.
 * @throws ComposeError('YAML') for an empty model.
 */
export function finishModel(
  session: LoadSession,
  model: Dict,
  projectName: string,
  environment: Readonly<Record<string, string>>,
  options: PhaseOptions,
): Dict {
  if (Object.keys(model).length === 0) {
    throw session.locate(new ComposeError('YAML', 'empty compose file'), session.files);
  }
  if (!options.skipNormalization) {
    model.name = projectName;
    session.locateErrors(() => {
      normalizeModel(model, lookupIn(environment));
    });
  }
  return model;
}

function lookupIn(env: Readonly<Record<string, string>>): (name: string) => string | undefined {
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}

/**
 * Phases 5-12 (loader/README.md) for each document of one file: interpolation, `include`, resets,
 * `extends`, then the merge into `model`, the schema and the canonical form.
 */
function loadFile(
  session: LoadSession,
  file: string,
  source: ModelSource,
  options: PhaseOptions,
  tracker: ExtendsTracker,
  model: Dict,
  included: readonly string[],
): FileResult {
  const documents = session.parse(file);
  let resetPaths: readonly Path[] = [];
  for (const document of documents) {
    resetPaths = document.resetPaths;
    const cfg = interpolated(session, file, document.value, source, options);
    const documentResets = resetPaths;
    if (!options.skipInclude) {
      session.locateErrors(() => {
        applyInclude(cfg, {
          workingDir: source.workingDir,
          resourceDir: source.resourceDir,
          included: [...included, file],
          resetPaths: documentResets,
          loadModel: (request) => loadIncluded(session, request, source, options),
        });
      }, [file]);
    }
    applyResets(model, resetPaths);
    if (!options.skipExtends) {
      session.locateErrors(() => {
        applyExtends(cfg, {
          file,
          workingDir: source.resourceDir,
          resetPaths: documentResets,
          tracker,
          loadFile: (otherFile, _dir, relativeWorkingDir, nextTracker) =>
            loadExtendsFile(session, otherFile, relativeWorkingDir, source, options, nextTracker),
        });
      }, [file]);
    }
    model = mergeDocument(session, file, model, cfg, options);
  }
  return { model, resetPaths };
}

/**
 * A parsed document, interpolated in place (the parsed documents are this load's own,
 * session.parse) and with empty values that may not be null fixed.
 * @throws ComposeError `YAML` when the document is not a mapping; interpolation errors
 */
function interpolated(
  session: LoadSession,
  file: string,
  raw: unknown,
  source: ModelSource,
  options: PhaseOptions,
): Dict {
  if (!isDict(raw)) {
    throw session.locate(new ComposeError('YAML', 'top-level object must be a mapping'), [file]);
  }
  let cfg: Dict = raw;
  if (!options.skipInterpolation) {
    const lookup = lookupIn(source.environment);
    cfg = session.locateErrors(
      () =>
        interpolateInPlace(raw, {
          lookup,
          onUnset: (variable, path) => {
            session.unsetVariable(variable, file, path);
          },
        }),
      [file],
    );
  }
  return fixEmptyNotNull(cfg);
}

/** Merges a document into the model, then validates the result and makes it canonical. */
function mergeDocument(
  session: LoadSession,
  file: string,
  model: Dict,
  cfg: Dict,
  options: PhaseOptions,
): Dict {
  const merged = session.locateErrors(() => enforceUnicity(mergeModel(model, cfg)), [file]);
  if (!options.skipValidation) {
    const violation = validateSchema(merged);
    if (violation) throw session.schemaError(violation, file);
    if (has(merged, 'version')) {
      session.warn(
        `${file}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`,
      );
      delete merged.version;
    }
  }
  return session.locateErrors(
    () =>
      enforceUnicity(
        omitEmpty(canonical(merged, { skipInterpolation: options.skipInterpolation })),
      ),
    [file],
  );
}

function loadIncluded(
  session: LoadSession,
  request: IncludeRequest,
  parent: ModelSource,
  options: PhaseOptions,
): Dict {
  const fromFiles = readEnvFiles(request.envFiles, parent.environment);
  const environment: Record<string, string> = { ...fromFiles, ...parent.environment };
  return loadRawModel(
    session,
    {
      files: request.files,
      workingDir: request.workingDir,
      resourceDir: request.projectDirectory,
      environment,
    },
    { ...options, resolvePaths: true, skipNormalization: true },
    request.included,
  );
}

function loadExtendsFile(
  session: LoadSession,
  file: string,
  relativeWorkingDir: string,
  parent: ModelSource,
  options: PhaseOptions,
  tracker: ExtendsTracker,
): ExtendsBase {
  const result = loadFile(
    session,
    file,
    { ...parent, files: [file] },
    {
      ...options,
      resolvePaths: false,
      skipNormalization: true,
      skipInclude: true,
      skipExtends: true,
      skipValidation: true,
      skipDefaultValues: true,
    },
    tracker,
    dict(),
    [],
  );
  const services = result.model.services;
  if (!isDict(services)) {
    throw new ComposeError(
      'EXTENDS',
      `cannot extend a service from ${file}: ${services === undefined ? 'no services section' : 'services must be a mapping'}`,
    );
  }
  resolveRelativePaths(result.model, { workingDir: relativeWorkingDir, home: session.home });
  return { services, resetPaths: result.resetPaths };
}

export { formatDottedPath };
