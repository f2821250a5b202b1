import { ComposeError } from '../../api/errors.js';
import { goQuote } from '../../internal/go-quote.js';
import { templateFailureMessage, trySubstitute } from '../interpolation/template.js';
import { expandEscapes } from './double-quote-escapes.js';
import { isUnicodeSpace, trimEndUnicodeSpace } from './go-space.js';

/** Options of {@link parseDotenv}. */
export interface DotenvOptions {
  /** The file name shown in error locations. */
  readonly file: string;
  /**
   * Values for bare `KEY` lines and for `${VAR}` inside values; consulted before the values the
   * file defines earlier (and before `into`). `undefined` means unset.
   * @default no variable is set
   */
  readonly lookup?: ((name: string) => string | undefined) | undefined;
  /**
   * The map to add the values to, which may already hold values (earlier env files): `${VAR}`
   * sees them after `lookup`, and the file's values override them.
   * @default a new empty map
   */
  readonly into?: Map<string, string> | undefined;
  /** Called for each `$VAR` / `${VAR}` that was unset and replaced by an empty string. */
  readonly onUnset?: ((name: string) => void) | undefined;
}

/**
 * Parses env-file text with compose's dotenv syntax (compose-go's dotenv package): `KEY=value`,
 * `KEY: value`, `export KEY=value`, single quotes (literal), double quotes (escapes and `${VAR}`),
 * unquoted values with ` #` comments, multi-line quoted values, bare `KEY` (taken from `lookup`
 * when set, left out otherwise), a leading UTF-8 BOM. Returns the values in file order.
 *
 * compose-go's quirks are kept: a last line holding only a name and no newline defines the empty
 * key with that text as value (`FOO` at end of file gives `"" = "FOO"`), and text after a closing
 * quote on the same line is read as a new statement.
 * @throws ComposeError('ENV_FILE') located at the offending line, with compose-go's message:
 *   `line 7: key cannot contain a space`, `line 1: unexpected character "$" in variable name
 *   "lol$wut"`, `line 2: unterminated quoted value "abc`, or a template error
 *   (`required variable X is missing a value: msg`, `Invalid template: "${ x}"`).
 */
export function parseDotenv(text: string, options: DotenvOptions): Map<string, string> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out = options.into ?? new Map<string, string>();
  new Parser(src, out, options).run();
  return out;
}

const NL = 0x0a;

/** The parser's own notion of a space: horizontal white space, never a line break. */
function isBlank(c: number): boolean {
  return (
    c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x85 || c === 0xa0
  );
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

function isKeyChar(cp: number): boolean {
  if (cp < 0x80) {
    return (
      (cp >= 0x61 && cp <= 0x7a) ||
      (cp >= 0x41 && cp <= 0x5a) ||
      (cp >= 0x30 && cp <= 0x39) ||
      cp === 0x5f || // _
      cp === 0x2e || // .
      cp === 0x2d || // -
      cp === 0x5b || // [
      cp === 0x5d // ]
    );
  }
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

class Parser {
  private pos = 0;
  /** compose-go's line counter, used in its messages (it can run ahead of the real line). */
  private line = 1;
  private readonly lookup: (name: string) => string | undefined;

  constructor(
    private readonly src: string,
    private readonly out: Map<string, string>,
    private readonly options: DotenvOptions,
  ) {
    this.lookup = options.lookup ?? (() => undefined);
  }

  run(): void {
    for (;;) {
      if (!this.statementStart()) return;
      const statement = this.pos;
      const { key, inherited } = this.keyName();
      if (key.includes(' ')) {
        throw this.error(`line ${this.line}: key cannot contain a space`, statement);
      }
      if (inherited) {
        const value = this.lookup(key);
        if (value !== undefined) this.out.set(key, value);
        continue;
      }
      this.out.set(key, this.value());
    }
  }

  /** Skips white space and comment lines; false at the end of the text. */
  private statementStart(): boolean {
    const { src } = this;
    for (;;) {
      while (this.pos < src.length) {
        const c = src.charCodeAt(this.pos);
        if (!isUnicodeSpace(c)) break;
        if (c === NL) this.line++;
        this.pos++;
      }
      if (this.pos >= src.length) return false;
      if (src.charCodeAt(this.pos) !== 0x23) return true;
      const nl = src.indexOf('\n', this.pos);
      if (nl < 0) return false;
      this.pos = nl;
    }
  }

  /** Reads `[export ]KEY` up to `=`, `:` or a line break and leaves pos at the value. */
  private keyName(): { key: string; inherited: boolean } {
    const { src } = this;
    let start = this.pos;
    // `export` needs one of Go's regexp spaces after it (a line break counts, \v does not).
    if (src.startsWith('export', start)) {
      const after = src.charCodeAt(start + 6);
      if (after === 0x20 || after === 0x09 || after === NL || after === 0x0c || after === 0x0d) {
        start += 6;
        while (start < src.length && isBlank(src.charCodeAt(start))) start++;
      }
    }
    let end = -1;
    let inherited = false;
    for (let i = start; i < src.length;) {
      const cp = src.codePointAt(i)!;
      if (cp === 0x3d || cp === 0x3a || cp === NL) {
        end = i;
        inherited = cp === NL;
        break;
      }
      if (!isBlank(cp) && !isKeyChar(cp)) {
        const lineEnd = src.indexOf('\n', start);
        const statement = src.slice(start, lineEnd < 0 ? src.length : lineEnd);
        throw this.error(
          `line ${this.line}: unexpected character ${goQuote(String.fromCodePoint(cp))} in variable name ${goQuote(statement)}`,
          i,
        );
      }
      i += cp > 0xffff ? 2 : 1;
    }
    if (end < 0) {
      // No `=`, `:` or line break until the end: compose-go reads the text as the value of the
      // empty key.
      this.pos = start;
      return { key: '', inherited: false };
    }
    const rawKey = src.slice(start, end);
    if (inherited && !rawKey.includes(' ')) this.line++;
    const key = trimEndUnicodeSpace(rawKey);
    let p = end + 1;
    while (p < src.length && isBlank(src.charCodeAt(p))) p++;
    this.pos = p;
    return { key, inherited };
  }

  /** Reads the value at pos and leaves pos after it. */
  private value(): string {
    const { src } = this;
    const start = this.pos;
    const quote = src.charCodeAt(start);
    if (quote !== 0x22 && quote !== 0x27) {
      const nl = src.indexOf('\n', start);
      const end = nl < 0 ? src.length : nl;
      this.pos = nl < 0 ? src.length : nl + 1;
      this.line++;
      let value = src.slice(start, end);
      const comment = value.indexOf(' #');
      if (comment >= 0) value = value.slice(0, comment);
      return this.expand(trimEndUnicodeSpace(value), start);
    }
    let value = '';
    let segment = start + 1;
    let escaped = false;
    for (let i = start + 1; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === NL) this.line++;
      if (escaped) {
        escaped = false;
        // An escaped quote loses its backslash; any other escape is kept for later.
        if (c === quote) {
          value += src.slice(segment, i - 1);
          segment = i;
        }
        continue;
      }
      if (c === 0x5c) {
        escaped = true;
        continue;
      }
      if (c !== quote) continue;
      value += src.slice(segment, i);
      this.pos = i + 1;
      return quote === 0x22 ? this.expand(expandEscapes(value), start) : value;
    }
    const nl = src.indexOf('\n', start);
    const shown = src.slice(start, nl < 0 ? src.length : nl);
    throw this.error(`line ${this.line}: unterminated quoted value ${shown}`, start);
  }

  private expand(value: string, at: number): string {
    if (!value.includes('$')) return value;
    const r = trySubstitute(
      value,
      (name) => this.lookup(name) ?? this.out.get(name),
      this.options.onUnset,
    );
    if (!r.ok) throw this.error(templateFailureMessage(r.failure), at);
    return r.value;
  }

  private error(detail: string, index: number): ComposeError {
    let line = 1;
    let lineStart = 0;
    for (
      let nl = this.src.indexOf('\n');
      nl >= 0 && nl < index;
      nl = this.src.indexOf('\n', nl + 1)
    ) {
      line++;
      lineStart = nl + 1;
    }
    return new ComposeError('ENV_FILE', detail, {
      location: { file: this.options.file, line, column: index - lineStart + 1 },
    });
  }
}
