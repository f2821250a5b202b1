import { ComposeError } from '../../api/errors.js';
import type { Path } from '../tree.js';
import { composeDocuments } from './composer.js';
import { decodeDocument, NonStringKeyError } from './decode.js';
import type { YNode } from './node.js';
import { ResetProcessor } from './reset.js';
import { lineColumn, YamlSyntaxError } from './syntax-error.js';

/** One YAML document of a compose file, as plain data. */
export interface YamlDocument {
  /** The document's value: a {@link Dict} for a compose file, or whatever else it holds. */
  readonly value: unknown;
  /** Paths tagged `!reset` / `!override` in the document, in compose-go's order. */
  readonly resetPaths: Path[];
}

/**
 * Parses every document of a compose file the way compose-go reads it with go-yaml: YAML 1.2
 * core scalars with Go's integer syntax (`0755` is 493; `yes` and `on` stay strings), anchors,
 * aliases and `<<` merge keys, `!reset` / `!override` processing (paths recorded, reset nodes
 * dropped), duplicate keys, alias cycles and alias bombs rejected, mappings with string keys
 * only. Mappings become {@link Dict}s, which inherit nothing.
 *
 * @param text the file's content
 * @param file the file's name as messages show it
 * @throws ComposeError('YAML') located at the offending line and column; the detail keeps
 *   go-yaml's wording (`yaml: line 3: mapping values are not allowed in this context`) and
 *   compose-go's (`non-string key in services: 123`)
 * @example
 * parseYaml('services:\n  web:\n    image: nginx\n', 'compose.yaml')[0].value
 * // { services: { web: { image: 'nginx' } } }
 */
export function parseYaml(text: string, file: string): YamlDocument[] {
  let roots: YNode[];
  try {
    roots = composeDocuments(text);
  } catch (err) {
    throw toComposeError(err, text, file, true);
  }
  const documents: YamlDocument[] = [];
  for (const root of roots) {
    try {
      const reset = new ResetProcessor((pos) => lineColumn(text, pos).line);
      const node = reset.run(root);
      const value = node === null ? null : decodeDocument(node);
      documents.push({ value, resetPaths: reset.paths });
    } catch (err) {
      throw toComposeError(err, text, file, false);
    }
  }
  return documents;
}

function toComposeError(err: unknown, text: string, file: string, syntax: boolean): ComposeError {
  if (err instanceof NonStringKeyError) {
    return new ComposeError('YAML', err.message, {
      location: at(text, file, err.pos),
      path: err.where,
      cause: err,
    });
  }
  if (err instanceof YamlSyntaxError) {
    const location = err.pos >= 0 ? at(text, file, err.pos) : undefined;
    let detail = `yaml: ${err.problem}`;
    if (syntax) {
      // go-yaml's form: the line of the context when there is one, else of the problem.
      const pos = err.context !== '' && err.contextPos >= 0 ? err.contextPos : err.pos;
      const line = lineColumn(text, pos).line;
      detail = `yaml: line ${line}: ${err.problem}`;
    }
    return new ComposeError('YAML', detail, { location, cause: err });
  }
  if (err instanceof RangeError) {
    // Deeply nested input exhausted the stack somewhere below.
    return new ComposeError('YAML', 'yaml: document is nested too deeply', {
      location: { file, line: 1, column: 1 },
      cause: err,
    });
  }
  if (err instanceof Error) {
    // resolve.ts reports a scalar that does not fit its explicit tag with a plain Error.
    return new ComposeError('YAML', `yaml: ${err.message}`, {
      location: { file, line: 1, column: 1 },
      cause: err,
    });
  }
  return new ComposeError('YAML', `yaml: ${String(err)}`, {
    location: { file, line: 1, column: 1 },
  });
}

function at(
  text: string,
  file: string,
  pos: number,
): { file: string; line: number; column: number } {
  const { line, column } = lineColumn(text, pos);
  return { file, line, column };
}
