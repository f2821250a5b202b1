/**
 * Schema validation of compose models (loader phase 11): the Compose format as flotilla
 * describes it, checked by code generated at build time, with compose-go's error messages.
 */
export { validateSchema, type SchemaViolation } from './validate-schema.js';
export { allowedKeys } from './allowed-keys.js';
export { closestKey } from './suggest.js';
