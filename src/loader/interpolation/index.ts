/** `${VAR}` interpolation: the template engine, the tree walk with type casts, and variables. */
export {
  substitute,
  templateFailureMessage,
  trySubstitute,
  type SubstituteResult,
  type TemplateFailure,
  type VariableLookup,
} from './template.js';
export { interpolate, interpolateInPlace, type InterpolateOptions } from './interpolate.js';
export { extractVariables, type TemplateVariable } from './variables.js';
