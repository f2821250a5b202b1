// Checking an image reference given on the command line the way the docker client does before
// it asks the engine to tag anything (distribution/reference grammar, without digests).
import { ComposeError } from '../api/errors.js';

const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** A reference split into what the engine's tag and commit endpoints take. */
export interface RepositoryTag {
  /** `registry:5000/team/app`, `app`. */
  readonly repository: string;
  /** `v1`; `latest` when the reference names none. */
  readonly tag: string;
}

/**
 * Splits `REPOSITORY[:TAG]` into repository and tag, checking it as the docker client does.
 * @throws {ComposeError} `USAGE`: `invalid reference format`, `invalid reference format:
 *   repository name (App) must be lowercase`, or `refusing to create a tag with a digest
 *   reference`
 * @example parseRepositoryTag('localhost:5000/app') // { repository: 'localhost:5000/app', tag: 'latest' }
 */
export function parseRepositoryTag(reference: string): RepositoryTag {
  if (reference.includes('@')) {
    throw new ComposeError('USAGE', 'refusing to create a tag with a digest reference');
  }
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? reference.slice(0, colon) : reference;
  const tag = hasTag ? reference.slice(colon + 1) : 'latest';
  const invalid = (): ComposeError =>
    new ComposeError('USAGE', `invalid reference format: ${JSON.stringify(reference)}`);
  if (repository === '' || repository.length > 255 || !TAG.test(tag)) throw invalid();
  const parts = repository.split('/');
  // As the docker client decides: the first part is a registry when it looks like a host name.
  const first = parts[0];
  const hasDomain =
    parts.length > 1 &&
    (first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first.toLowerCase() !== first);
  if (hasDomain && !DOMAIN.test(first)) throw invalid();
  const path = hasDomain ? parts.slice(1) : parts;
  const remainder = path.join('/');
  if (remainder.toLowerCase() !== remainder) {
    throw new ComposeError(
      'USAGE',
      `invalid reference format: repository name (${remainder}) must be lowercase`,
    );
  }
  if (!path.every((p) => PATH_COMPONENT.test(p))) throw invalid();
  return { repository, tag };
}
