// Failures of pulls and pushes, worded for the person who has to fix them: which image, which
// registry, and whether the registry was unreachable, refused the credentials or lacks the image.
import { ComposeError, isComposeError } from '../api/errors.js';
import { isAbortError } from '../engine/index.js';
import type { RegistryAuth } from './registry-auth.js';

const UNREACHABLE =
  /connection refused|no such host|i\/o timeout|network is unreachable|no route to host|connection reset|TLS handshake|server gave HTTP response to HTTPS client|context deadline exceeded/i;
const UNAUTHORIZED =
  /unauthorized|authentication required|no basic auth credentials|incorrect username or password|denied/i;
const NOT_FOUND = /manifest unknown|not found|does not exist|name unknown/i;

/**
 * Wraps the failure of a pull or push of `reference` from/to `registry` into a ComposeError
 * `REGISTRY` whose text names both and says what went wrong; ComposeErrors and aborts pass
 * through.
 */
export function registryError(
  action: 'pull' | 'push',
  reference: string,
  registry: string,
  credentials: RegistryAuth,
  err: unknown,
): unknown {
  if (isComposeError(err) || isAbortError(err)) return err;
  const cause = (err instanceof Error ? err.message : String(err)).trim();
  const what = `cannot ${action} image ${reference}`;
  const direction = action === 'pull' ? 'from' : 'to';
  if (UNREACHABLE.test(cause)) {
    return new ComposeError('REGISTRY', `${what}: registry ${registry} is unreachable: ${cause}`, {
      cause: err,
    });
  }
  if (UNAUTHORIZED.test(cause)) {
    if (credentials.auth !== undefined) {
      return new ComposeError(
        'REGISTRY',
        `${what}: registry ${registry} rejected the credentials from ${credentials.source}: ${cause}`,
        { cause: err, hint: `check them, e.g. with docker login ${registry}` },
      );
    }
    return new ComposeError(
      'REGISTRY',
      `${what}: registry ${registry} requires credentials and none were found (${credentials.source}): ${cause}`,
      { cause: err, hint: `log in first: docker login ${registry}` },
    );
  }
  if (action === 'pull' && NOT_FOUND.test(cause)) {
    return new ComposeError('REGISTRY', `${what}: not found in registry ${registry}: ${cause}`, {
      cause: err,
    });
  }
  return new ComposeError('REGISTRY', `${what} ${direction} registry ${registry}: ${cause}`, {
    cause: err,
  });
}
