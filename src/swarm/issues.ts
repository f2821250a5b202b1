// What the conversion reports about fields it could not carry over as written.
import type { SourceLocation } from '../api/errors.js';
import type { StackWarning } from '../api/stack.js';
import { formatPath, type ModelPath } from '../model/path.js';

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
