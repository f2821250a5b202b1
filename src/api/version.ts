/** flotilla's own version. */
export const FLOTILLA_VERSION = '0.1.0';

/**
 * The docker compose release whose behaviour flotilla implements: its CLI, labels, names,
 * config hash and output formats (the last v2 release; the reference is described in the
 * README's Compatibility section).
 */
export const COMPOSE_BEHAVIOUR_VERSION = '2.40.3';

/**
 * The version flotilla reports as docker compose (`version`, `version --short`, the plugin
 * metadata, the `com.docker.compose.version` label): the docker compose release it implements,
 * with flotilla's own version as semver build metadata, so that clients which check for
 * "compose 2 or newer" see what they can rely on.
 * @example '2.40.3+flotilla.0.1.0'
 */
export const COMPOSE_VERSION = `${COMPOSE_BEHAVIOUR_VERSION}+flotilla.${FLOTILLA_VERSION}`;
