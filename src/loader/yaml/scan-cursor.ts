// The position of the YAML scanner in its text, and what the scanning functions
// (scanner.ts, scan-props.ts, scan-scalars.ts) share: line breaks, blanks, the errors.
import { YamlSyntaxError } from './syntax-error.js';

/** True for a line break character (LF, CR, NEL, LS, PS). */
export function isBreak(c: number): boolean {
  return c === 10 || c === 13 || (c > 127 && (c === 0x85 || c === 0x2028 || c === 0x2029));
}

/** True for space, tab, a line break or the end of input (NaN from charCodeAt). */
export function isBlankOrEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c !== c || (c > 127 && isBreak(c));
}

/** The text being scanned and the scanner's position and block state in it. */
export class ScanCursor {
  readonly src: string;
  readonly len: number;
  pos = 0;
  /** 0-based line of `pos` and offset where that line starts. */
  line = 0;
  lineStart = 0;

  flowLevel = 0;
  indent = -1;
  simpleKeyAllowed = false;

  constructor(src: string) {
    this.src = src;
    this.len = src.length;
  }

  /** Column (0-based, UTF-16 units) of the current position. */
  get column(): number {
    return this.pos - this.lineStart;
  }

  /** Moves past a line break at the current position (CRLF counts as one). */
  skipLine(): void {
    const c = this.src.charCodeAt(this.pos);
    if (c === 13 && this.src.charCodeAt(this.pos + 1) === 10) this.pos += 2;
    else if (isBreak(c)) this.pos++;
    else return;
    this.line++;
    this.lineStart = this.pos;
  }

  /** Reads a line break, returning it normalised as libyaml does (LS and PS are kept). */
  readLine(): string {
    const c = this.src.charCodeAt(this.pos);
    this.skipLine();
    return c === 0x2028 ? '\u2028' : c === 0x2029 ? '\u2029' : '\n';
  }

  /** True when the current position starts `---` or `...` followed by a blank or the end. */
  atDocumentIndicator(): boolean {
    if (this.pos !== this.lineStart) return false;
    const s = this.src;
    const p = this.pos;
    const c = s.charCodeAt(p);
    if (c !== 45 && c !== 46) return false;
    return (
      s.charCodeAt(p + 1) === c && s.charCodeAt(p + 2) === c && isBlankOrEnd(s.charCodeAt(p + 3))
    );
  }

  /** A syntax error at `pos`, with the construct being scanned (`context`) where it started. */
  error(problem: string, pos = this.pos, context = '', contextPos = -1): YamlSyntaxError {
    return new YamlSyntaxError(problem, pos, context, contextPos);
  }
}
