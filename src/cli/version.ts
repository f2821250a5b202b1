export { COMPOSE_VERSION, FLOTILLA_VERSION } from '../api/version.js';
import { COMPOSE_VERSION } from '../api/version.js';

/** What `version` and `--version` print (without the newline), in docker compose's words. */
export const VERSION_LINE = `Docker Compose version v${COMPOSE_VERSION}`;
