export { FLOTILLA_VERSION } from '../api/version.js';
import { FLOTILLA_VERSION } from '../api/version.js';

/** What `flotilla version` and `--version` print (without the newline). */
export const VERSION_LINE = `flotilla version v${FLOTILLA_VERSION}`;
