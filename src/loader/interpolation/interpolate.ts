import { ComposeError } from '../../api/errors.js';
import { dict, formatPath, isDict, type Dict, type Path, type PathSegment } from '../tree.js';
import {
  templateFailureMessage,
  trySubstitute,
  type TemplateFailure,
  type VariableLookup,
} from './template.js';
import { castTable, stepCasts, type CastNode } from './type-casts.js';

/** Options of {@link interpolate}. */
export interface InterpolateOptions {
  /** The project environment: a variable's value, or `undefined` when unset. */
  readonly lookup: VariableLookup;
  /**
   * Called for each variable that was unset and replaced by an empty string, with the path of the
   * value that used it (docker compose warns `The "X" variable is not set. Defaulting to a blank
   * string.`). Called once per use; de-duplicating is the caller's choice.
   */
  readonly onUnset?: ((variable: string, path: Path) => void) | undefined;
  /**
   * Called with compose-go's warning when a boolean field is written the YAML 1.1 way (`yes`,
   * `off`, ...): `"yes" for boolean is not supported by YAML 1.2, please use \`true\``.
   */
  readonly onWarning?: ((message: string, path: Path) => void) | undefined;
}

/**
 * Interpolates every string value of a compose document (keys are left alone), then casts the
 * strings found at compose-go's typed paths (`services.*.scale` to an integer,
 * `services.*.privileged` to a boolean, ...). Pure: the result is a new tree (no node of it is
 * shared with the input) and the input is never modified.
 * @throws ComposeError('INTERPOLATION') with compose's texts, the failing value's path in `path`:
 *   `invalid interpolation format for <path>.\nYou may need to escape any $ with another $.\n<template>`,
 *   `error while interpolating <path>: required variable X is missing a value: <msg>`,
 *   `error while interpolating <path>: failed to cast to expected type: <reason>`.
 */
export function interpolate(tree: Dict, options: InterpolateOptions): Dict {
  const walker = new Walker(options, false);
  return walker.dict(tree, [castTable()]);
}

/**
 * {@link interpolate} done in place: each string that changes is replaced in its own mapping or
 * sequence and `tree` itself is returned, so that no node is copied. For a tree the caller owns
 * outright, with no node reachable twice (a freshly parsed document: aliases are expanded into
 * copies); on failure the tree is left partly interpolated.
 * @throws ComposeError('INTERPOLATION') as {@link interpolate}
 */
export function interpolateInPlace(tree: Dict, options: InterpolateOptions): Dict {
  const walker = new Walker(options, true);
  return walker.dict(tree, [castTable()]);
}

const NO_CASTS: readonly CastNode[] = [];

class Walker {
  private readonly path: PathSegment[] = [];

  constructor(
    private readonly options: InterpolateOptions,
    private readonly inPlace: boolean,
  ) {}

  dict(node: Dict, casts: readonly CastNode[]): Dict {
    const out = this.inPlace ? node : dict();
    const keys = Object.keys(node);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = node[key];
      this.path.push(key);
      const result = this.value(value, casts.length === 0 ? casts : step(casts, key));
      this.path.pop();
      if (!this.inPlace || result !== value) out[key] = result;
    }
    return out;
  }

  value(node: unknown, casts: readonly CastNode[]): unknown {
    if (typeof node === 'string') return this.string(node, casts);
    if (Array.isArray(node)) {
      const list: unknown[] = node;
      const out: unknown[] = this.inPlace ? list : new Array<unknown>(list.length);
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        this.path.push(i);
        const result = this.value(item, casts.length === 0 ? casts : step(casts, i));
        this.path.pop();
        if (!this.inPlace || result !== item) out[i] = result;
      }
      return out;
    }
    if (isDict(node)) return this.dict(node, casts);
    return node;
  }

  string(text: string, casts: readonly CastNode[]): unknown {
    if (casts.length === 0 && !text.includes('$')) return text;
    let value = text;
    if (text.includes('$')) {
      const onUnset = this.options.onUnset;
      const r = trySubstitute(
        text,
        this.options.lookup,
        onUnset &&
          ((name) => {
            onUnset(name, this.path.slice());
          }),
      );
      if (!r.ok) throw this.failure(r.failure);
      value = r.value;
    }
    for (const node of casts) {
      if (node.cast === undefined) continue;
      const cast = node.cast(value);
      if (!cast.ok) {
        throw this.error(`failed to cast to expected type: ${cast.error}`);
      }
      if (cast.warning !== undefined) this.options.onWarning?.(cast.warning, this.path.slice());
      return cast.value;
    }
    return value;
  }

  private failure(failure: TemplateFailure): ComposeError {
    if (failure.kind === 'invalid') {
      const where = formatPath(this.path);
      return new ComposeError(
        'INTERPOLATION',
        `invalid interpolation format for ${where}.\nYou may need to escape any $ with another $.\n${failure.template}`,
        { path: where },
      );
    }
    return this.error(templateFailureMessage(failure));
  }

  private error(detail: string): ComposeError {
    const where = formatPath(this.path);
    return new ComposeError('INTERPOLATION', `error while interpolating ${where}: ${detail}`, {
      path: where,
    });
  }
}

/** The cast nodes one step below `casts`; one shared empty list where no cast applies. */
function step(casts: readonly CastNode[], segment: PathSegment): readonly CastNode[] {
  const next = stepCasts(casts, segment);
  return next.length === 0 ? NO_CASTS : next;
}
