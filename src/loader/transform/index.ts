/**
 * The canonical-form phases of the loader: short syntaxes to long syntaxes, empty values,
 * default values, and the short-syntax parsers `run -v` / `run -p` reuse.
 */
export { canonical, type CanonicalOptions } from './canonical.js';
export { setDefaults } from './defaults.js';
export { fixEmptyNotNull } from './fix-empty-not-null.js';
export { omitEmpty } from './omit-empty.js';
export { parsePortSpec } from './port-spec.js';
export { parseVolumeSpec } from './volume-spec.js';
