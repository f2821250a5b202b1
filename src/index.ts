/**
 * flotilla — Docker Compose as a typed TypeScript library.
 *
 * The public surface is listed here explicitly; nothing else is exported.
 */
export { ComposeError, isComposeError } from './api/errors.js';
export type { ComposeErrorCode, ComposeErrorOptions, SourceLocation } from './api/errors.js';
