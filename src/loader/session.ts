import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { ComposeError, type SourceLocation } from '../api/errors.js';
import type { LoadWarning } from '../api/load-options.js';
import type { SchemaViolation } from './schema/index.js';
import { formatPath, type Path } from './tree.js';
import { locate } from './yaml/locate.js';
import { parseYaml, type YamlDocument } from './yaml/parse.js';

export interface SessionOptions {
  /** Directory that error locations are shown relative to. */
  readonly cwd: string;
  /** Home directory for `~` in paths. */
  readonly home?: string | undefined;
  /** Content of standard input, for the `-` file. */
  readonly stdin?: (() => string) | undefined;
  /** Receives warnings. */
  readonly onWarning?: ((warning: LoadWarning) => void) | undefined;
}

/**
 * State shared by the phases of one load: file texts (kept so that errors can be located
 * after the fact), warnings, and the mapping from model paths back to file positions.
 */
export class LoadSession {
  readonly home: string | undefined;
  private readonly texts = new Map<string, string>();
  private readonly unset = new Set<string>();
  /** Documents parsed by {@link peek} and not yet handed out by {@link parse}. */
  private readonly peeked = new Map<string, YamlDocument[]>();

  constructor(private readonly options: SessionOptions) {
    this.home = options.home;
  }

  /** Every file read so far, in reading order. */
  get files(): readonly string[] {
    return [...this.texts.keys()];
  }

  /**
   * The text of a compose file (`-` is standard input).
   * @throws ComposeError('NOT_FOUND') when it cannot be read.
   */
  read(file: string): string {
    const cached = this.texts.get(file);
    if (cached !== undefined) return cached;
    let text: string;
    if (file === '-') {
      text = this.options.stdin ? this.options.stdin() : readFileSync(0, 'utf8');
    } else {
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file or directory' : String(err);
        throw new ComposeError('NOT_FOUND', `open ${file}: ${why}`, { cause: err });
      }
    }
    this.texts.set(file, text);
    return text;
  }

  /**
   * Parses a compose file into its YAML documents. Every call returns documents of its own,
   * which the caller may modify.
   */
  parse(file: string): YamlDocument[] {
    const peeked = this.peeked.get(file);
    if (peeked !== undefined) {
      this.peeked.delete(file);
      return peeked;
    }
    return parseYaml(this.read(file), this.display(file));
  }

  /**
   * Parses a compose file for reading only: the next {@link parse} of the file returns these
   * same documents instead of parsing the file again, so they must not be modified.
   */
  peek(file: string): readonly YamlDocument[] {
    let documents = this.peeked.get(file);
    if (documents === undefined) {
      documents = parseYaml(this.read(file), this.display(file));
      this.peeked.set(file, documents);
    }
    return documents;
  }

  /** Reports a warning. */
  warn(message: string, location?: SourceLocation): void {
    this.options.onWarning?.({ message, location });
  }

  /** Reports, once per variable, that an unset variable was replaced by a blank string. */
  unsetVariable(variable: string, file: string, path: Path): void {
    if (this.unset.has(variable)) return;
    this.unset.add(variable);
    this.warn(
      `The ${JSON.stringify(variable)} variable is not set. Defaulting to a blank string.`,
      this.find(path, [file]),
    );
  }

  /**
   * Runs `fn`; a ComposeError it throws without a location gets one from its path, searched in
   * `files` first and then in every file read, newest first.
   */
  locateErrors<T>(fn: () => T, files: readonly string[] = []): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ComposeError) throw this.locate(err, files);
      throw err;
    }
  }

  /**
   * `err` with a location found from its path (unchanged when it has one, has no path, as a
   * service named on the command line that the files lack, or none is found).
   */
  locate(err: ComposeError, files: readonly string[]): ComposeError {
    if (err.location || err.path === undefined) return err;
    const location = this.find(parsePath(err.path), files);
    return location ? err.withLocation(location) : err;
  }

  /** The error for a schema violation found after merging `file`. */
  schemaError(violation: SchemaViolation, file: string): ComposeError {
    const location = this.find(violation.path, [file]);
    const detail = describeViolation(violation);
    const hint = violation.suggestion ? `did you mean '${violation.suggestion}'?` : violation.hint;
    return new ComposeError(
      'SCHEMA',
      location ? detail : `validating ${this.display(file)}: ${detail}`,
      { location, path: formatPath(violation.path), hint },
    );
  }

  /** Where `path` is written: in `files` first, then in every file read, newest first. */
  find(path: Path, files: readonly string[]): SourceLocation | undefined {
    const candidates = [...files, ...[...this.texts.keys()].reverse()];
    const seen = new Set<string>();
    for (const file of candidates) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = this.texts.get(file);
      if (text === undefined) continue;
      const documents = (text.match(/^---/gm)?.length ?? 0) + 1;
      const variants = path.some((p) => typeof p === 'number') ? [path, path.map(String)] : [path];
      for (const variant of variants) {
        for (let doc = 0; doc < documents; doc++) {
          const found = locate(text, file, variant, doc);
          if (found) return { file: this.display(file), line: found.line, column: found.column };
        }
      }
      if (path.length === 0) return { file: this.display(file), line: 1, column: 1 };
    }
    return undefined;
  }

  /** How a file is named in messages: relative to the current directory when inside it. */
  display(file: string): string {
    if (file === '-' || !isAbsolute(file)) return file;
    const rel = relative(this.options.cwd, file);
    return rel === '' || rel.startsWith('..') ? file : rel;
  }
}

/** Reads a path written by {@link formatPath} (or with dots before indices) back. */
export function parsePath(text: string): Path {
  const out: (string | number)[] = [];
  for (const part of text.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1] !== '') out.push(/^\d+$/.test(m[1]) && out.length > 0 ? Number(m[1]) : m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function describeViolation(violation: SchemaViolation): string {
  const showValue =
    violation.keyword !== 'additionalProperties' &&
    violation.keyword !== 'required' &&
    violation.value !== undefined &&
    (violation.value === null || typeof violation.value !== 'object');
  return showValue
    ? `${violation.message} (found ${JSON.stringify(violation.value)})`
    : violation.message;
}
