import { goTypeName } from '../go-format.js';
import { copyDict, dict, has, isDict } from '../tree.js';
import { transformError, type Rule } from './rules.js';

/**
 * `services.*.build`: a string is the build context (`build: ./dir` is
 * `build: {context: ./dir}`); in a mapping, the rules of its own attributes apply.
 * @throws ComposeError('SCHEMA') for any other type.
 */
export const transformBuild: Rule = (node, path, ctx) => {
  if (isDict(node)) return ctx.children(node);
  if (typeof node === 'string') return dict([['context', node]]);
  throw transformError(path, `invalid type ${goTypeName(node)} for build`);
};

/** Default of `services.*.build`: the context is the project directory, `.`. */
export const defaultBuildContext: Rule = (node) => {
  if (!isDict(node) || has(node, 'context')) return node;
  const build = copyDict(node);
  build.context = '.';
  return build;
};
