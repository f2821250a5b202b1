// What the conversion reports about fields it could not carry over as written.
import type { SourceLocation } from '../api/errors.js';
import type { StackWarning } from '../api/stack.js';

/** A model path: mapping keys and sequence indices, `['services', 'web', 'ports', 0]`. */
export type ModelPath = readonly (string | number)[];

/** One finding of the conversion, with the path of the field it is about. */
export interface StackIssue {
  readonly kind: StackWarning['kind'];
  readonly path: ModelPath;
  readonly message: string;
}

/** Collects the findings of one conversion. */
export class Issues {
  readonly list: StackIssue[] = [];

  /** A field Swarm cannot honour. */
  unsupported(path: ModelPath, message: string): void {
    this.list.push({ kind: 'unsupported', path, message });
  }

  /** A field the engine's API version lacks. */
  apiVersion(path: ModelPath, message: string): void {
    this.list.push({ kind: 'api-version', path, message });
  }

  /** A field carried over differently than written, or ignored on purpose. */
  notice(path: ModelPath, message: string): void {
    this.list.push({ kind: 'notice', path, message });
  }
}

/**
 * The dotted form of a path, as errors show it: `services.web.ports[0].host_ip`.
 * @example formatPath(['services', 'web', 'ports', 0]) // 'services.web.ports[0]'
 */
export function formatPath(path: ModelPath): string {
  let out = '';
  for (const seg of path)
    out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** An issue as the API reports it, located in the compose files when `locate` knows where. */
export function toWarning(
  issue: StackIssue,
  locate?: (path: ModelPath) => SourceLocation | undefined,
): StackWarning {
  return {
    kind: issue.kind,
    path: formatPath(issue.path),
    message: issue.message,
    location: locate?.(issue.path),
  };
}

/** A value the engine would refuse; `path` names the field. */
export class SpecError extends Error {
  constructor(
    readonly path: ModelPath,
    message: string,
  ) {
    super(message);
  }
}
