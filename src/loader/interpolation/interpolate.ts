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
  const walker = new Walker(options);
  return walker.dict(tree, [castTable()]);
}

class Walker {
  private readonly path: PathSegment[] = [];

  constructor(private readonly options: InterpolateOptions) {}

  dict(node: Dict, casts: readonly CastNode[]): Dict {
    const out = dict();
    for (const key of Object.keys(node)) {
      this.path.push(key);
      out[key] = this.value(node[key], casts.length === 0 ? casts : stepCasts(casts, key));
      this.path.pop();
    }
    return out;
  }

  value(node: unknown, casts: readonly CastNode[]): unknown {
    if (typeof node === 'string') return this.string(node, casts);
    if (Array.isArray(node)) {
      const out: unknown[] = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i++) {
        this.path.push(i);
        out[i] = this.value(node[i], casts.length === 0 ? casts : stepCasts(casts, i));
        this.path.pop();
      }
      return out;
    }
    if (isDict(node)) return this.dict(node, casts);
    return node;
  }

  string(text: string, casts: readonly CastNode[]): unknown {
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
