import { goString } from '../go-format.js';
import { type Rule } from './rules.js';

/** A single string becomes a one-item list (`dns`, `label_file`, watch `ignore`/`include`). */
export const transformStringOrList: Rule = (node) => (typeof node === 'string' ? [node] : node);

/**
 * A value that may be a boolean or a string becomes its text (`build.provenance`,
 * `build.sbom`: `true` is `"true"`).
 */
export const transformStringOrX: Rule = (node) =>
  typeof node === 'string' ? node : goString(node);
