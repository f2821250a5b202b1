import { isBlankOrEnd, isBreak, type ScanCursor } from './scan-cursor.js';
import { DOUBLE_QUOTED, FOLDED, LITERAL, PLAIN, SCALAR, SINGLE_QUOTED, Token } from './token.js';

/** Joins a line break run the way YAML folds flow and plain scalars. */
function fold(leadingBreak: string, trailingBreaks: string): string {
  if (leadingBreak === '\n') return trailingBreaks === '' ? ' ' : trailingBreaks;
  return leadingBreak + trailingBreaks;
}

/** Scans a plain (unquoted) scalar, possibly spanning several lines. */
export function scanPlainScalar(sc: ScanCursor): Token {
  const s = sc.src;
  const inFlow = sc.flowLevel > 0;
  const indent = sc.indent + 1;
  const start = sc.pos;
  let end = start;
  let value = '';
  let leadingBlanks = false;
  let leadingBreak = '';
  let trailingBreaks = '';
  let wsStart = -1;
  let wsEnd = -1;
  for (;;) {
    if (sc.atDocumentIndicator()) break;
    let p = sc.pos;
    let c = s.charCodeAt(p);
    if (c === 35 /* # */) break;
    const chunk = p;
    while (!isBlankOrEnd(c)) {
      if (c === 58 /* : */ && isBlankOrEnd(s.charCodeAt(p + 1))) break;
      if (inFlow && endsPlainInFlow(s, p, c)) break;
      c = s.charCodeAt(++p);
    }
    if (p > chunk) {
      if (leadingBlanks) {
        value += fold(leadingBreak, trailingBreaks);
        leadingBreak = '';
        trailingBreaks = '';
        leadingBlanks = false;
      } else if (wsStart >= 0) {
        value += s.slice(wsStart, wsEnd);
      }
      wsStart = -1;
      value = value === '' ? s.slice(chunk, p) : value + s.slice(chunk, p);
      end = p;
    }
    sc.pos = p;
    if (!(c === 32 || c === 9 || isBreak(c))) break;
    for (;;) {
      if (c === 32 || c === 9) {
        if (leadingBlanks && c === 9 && sc.pos - sc.lineStart < indent) {
          throw sc.error(
            'found a tab character that violates indentation',
            sc.pos,
            'while scanning a plain scalar',
            start,
          );
        }
        if (!leadingBlanks) {
          if (wsStart < 0) wsStart = sc.pos;
          wsEnd = sc.pos + 1;
        }
        sc.pos++;
      } else if (isBreak(c)) {
        if (!leadingBlanks) {
          wsStart = -1;
          leadingBreak = sc.readLine();
          leadingBlanks = true;
        } else {
          trailingBreaks += sc.readLine();
        }
      } else {
        break;
      }
      c = s.charCodeAt(sc.pos);
    }
    if (!inFlow && sc.pos - sc.lineStart < indent) break;
  }
  if (leadingBlanks) sc.simpleKeyAllowed = true;
  return new Token(SCALAR, start, end, value, PLAIN);
}

/** True when `c` (at `p`) ends a plain scalar inside a flow collection: `,[]{}` or `? `. */
function endsPlainInFlow(s: string, p: number, c: number): boolean {
  return (
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    (c === 63 && isBlankOrEnd(s.charCodeAt(p + 1)))
  );
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const SIMPLE_ESCAPES: Readonly<Partial<Record<number, string>>> = {
  48: '\0',
  97: '\x07',
  98: '\b',
  116: '\t',
  9: '\t',
  110: '\n',
  118: '\v',
  102: '\f',
  114: '\r',
  101: '\x1b',
  32: ' ',
  34: '"',
  39: "'",
  92: '\\',
  78: '\u0085',
  95: '\u00a0',
  76: '\u2028',
  80: '\u2029',
};

const QUOTED = 'while scanning a quoted scalar';

/**
 * Reads the escape sequence at `sc.pos` of a double-quoted scalar (a backslash, then `e`, which
 * is not a line break) and moves past it.
 * @returns the character it stands for
 */
function readEscape(sc: ScanCursor, e: number, start: number): string {
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    sc.pos += 2;
    return simple;
  }
  const length = e === 120 ? 2 : e === 117 ? 4 : e === 85 ? 8 : 0;
  if (length === 0) throw sc.error('found unknown escape character', sc.pos, QUOTED, start);
  sc.pos += 2;
  let code = 0;
  for (let k = 0; k < length; k++) {
    const d = hexDigit(sc.src.charCodeAt(sc.pos + k));
    if (d < 0) {
      throw sc.error('did not find expected hexadecimal number', sc.pos, QUOTED, start);
    }
    code = code * 16 + d;
  }
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
    throw sc.error('found invalid Unicode character escape code', sc.pos, QUOTED, start);
  }
  sc.pos += length;
  return String.fromCodePoint(code);
}

/** Scans a single- or double-quoted scalar. */
export function scanFlowScalar(sc: ScanCursor, single: boolean): Token {
  const s = sc.src;
  const start = sc.pos;
  const quote = single ? 39 : 34;
  sc.pos++;
  let value = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let wsStart = -1;
  let wsEnd = -1;
  const ctx = QUOTED;
  for (;;) {
    if (sc.atDocumentIndicator()) {
      throw sc.error('found unexpected document indicator', sc.pos, ctx, start);
    }
    if (sc.pos >= sc.len) throw sc.error('found unexpected end of stream', sc.pos, ctx, start);
    let leadingBlanks = false;
    let c = s.charCodeAt(sc.pos);
    let run = sc.pos;
    while (!isBlankOrEnd(c)) {
      if (single && c === 39) {
        if (s.charCodeAt(sc.pos + 1) !== 39) break;
        value += s.slice(run, sc.pos) + "'";
        sc.pos += 2;
        run = sc.pos;
      } else if (c === quote) {
        break;
      } else if (!single && c === 92 /* \ */) {
        value += s.slice(run, sc.pos);
        const e = s.charCodeAt(sc.pos + 1);
        if (isBreak(e)) {
          sc.pos++;
          sc.skipLine();
          leadingBlanks = true;
          run = sc.pos;
          break;
        }
        value += readEscape(sc, e, start);
        run = sc.pos;
      } else {
        sc.pos++;
      }
      c = s.charCodeAt(sc.pos);
    }
    if (sc.pos > run) value += s.slice(run, sc.pos);
    if (c === quote) break;
    c = s.charCodeAt(sc.pos);
    for (;;) {
      if (c === 32 || c === 9) {
        if (!leadingBlanks) {
          if (wsStart < 0) wsStart = sc.pos;
          wsEnd = sc.pos + 1;
        }
        sc.pos++;
      } else if (isBreak(c)) {
        if (!leadingBlanks) {
          wsStart = -1;
          leadingBreak = sc.readLine();
          leadingBlanks = true;
        } else {
          trailingBreaks += sc.readLine();
        }
      } else {
        break;
      }
      c = s.charCodeAt(sc.pos);
    }
    if (leadingBlanks) {
      // An escaped line break leaves no leading break: the lines join directly.
      value += leadingBreak === '' ? trailingBreaks : fold(leadingBreak, trailingBreaks);
      leadingBreak = '';
      trailingBreaks = '';
    } else if (wsStart >= 0) {
      value += s.slice(wsStart, wsEnd);
    }
    wsStart = -1;
  }
  sc.pos++;
  return new Token(SCALAR, start, sc.pos, value, single ? SINGLE_QUOTED : DOUBLE_QUOTED);
}

const BLOCK = 'while scanning a block scalar';

/**
 * Reads the header of a block scalar after its `|` or `>`: the chomping (`+` keep 1, `-` strip
 * -1, else clip 0) and indentation (0: found from the first line) indicators in either order,
 * then an optional comment and the line break.
 */
function scanBlockHeader(sc: ScanCursor, start: number): { chomping: number; increment: number } {
  const s = sc.src;
  sc.pos++;
  let chomping = 0;
  let increment = 0;
  let c = s.charCodeAt(sc.pos);
  if (c === 43 || c === 45) {
    chomping = c === 43 ? 1 : -1;
    c = s.charCodeAt(++sc.pos);
    if (c >= 48 && c <= 57) {
      if (c === 48)
        throw sc.error('found an indentation indicator equal to 0', sc.pos, BLOCK, start);
      increment = c - 48;
      sc.pos++;
    }
  } else if (c >= 48 && c <= 57) {
    if (c === 48) throw sc.error('found an indentation indicator equal to 0', sc.pos, BLOCK, start);
    increment = c - 48;
    c = s.charCodeAt(++sc.pos);
    if (c === 43 || c === 45) {
      chomping = c === 43 ? 1 : -1;
      sc.pos++;
    }
  }
  c = s.charCodeAt(sc.pos);
  while (c === 32 || c === 9) c = s.charCodeAt(++sc.pos);
  if (c === 35) {
    while (sc.pos < sc.len && !isBreak(c)) c = s.charCodeAt(++sc.pos);
  }
  if (sc.pos < sc.len && !isBreak(c)) {
    throw sc.error('did not find expected comment or line break', sc.pos, BLOCK, start);
  }
  sc.skipLine();
  return { chomping, increment };
}

/** Scans a literal (`|`) or folded (`>`) block scalar with its header. */
export function scanBlockScalar(sc: ScanCursor, literal: boolean): Token {
  const s = sc.src;
  const start = sc.pos;
  const ctx = BLOCK;
  const { chomping, increment } = scanBlockHeader(sc, start);
  let end = sc.pos;
  let indent = 0;
  if (increment > 0) indent = sc.indent >= 0 ? sc.indent + increment : increment;

  let value = '';
  let leadingBreak = '';
  let trailingBreaks = '';

  // Eats indentation and empty lines; on the first call also finds the indentation.
  const breaks = (): void => {
    let maxIndent = 0;
    end = sc.pos;
    for (;;) {
      let ch = s.charCodeAt(sc.pos);
      while ((indent === 0 || sc.pos - sc.lineStart < indent) && ch === 32) {
        ch = s.charCodeAt(++sc.pos);
      }
      const col = sc.pos - sc.lineStart;
      if (col > maxIndent) maxIndent = col;
      if ((indent === 0 || col < indent) && ch === 9) {
        throw sc.error(
          'found a tab character where an indentation space is expected',
          sc.pos,
          ctx,
          start,
        );
      }
      if (!isBreak(ch)) break;
      trailingBreaks += sc.readLine();
      end = sc.pos;
    }
    if (indent === 0) {
      indent = maxIndent;
      if (indent < sc.indent + 1) indent = sc.indent + 1;
      if (indent < 1) indent = 1;
    }
  };

  breaks();
  let leadingBlank = false;
  while (sc.pos - sc.lineStart === indent && sc.pos < sc.len) {
    const trailingBlank = s.charCodeAt(sc.pos) === 32 || s.charCodeAt(sc.pos) === 9;
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak === '\n') {
      if (trailingBreaks === '') value += ' ';
    } else {
      value += leadingBreak;
    }
    value += trailingBreaks;
    trailingBreaks = '';
    leadingBlank = trailingBlank;
    const lineFrom = sc.pos;
    let ch = s.charCodeAt(sc.pos);
    while (sc.pos < sc.len && !isBreak(ch)) ch = s.charCodeAt(++sc.pos);
    value += s.slice(lineFrom, sc.pos);
    leadingBreak = sc.pos < sc.len ? sc.readLine() : '';
    breaks();
  }
  if (chomping !== -1) value += leadingBreak;
  if (chomping === 1) value += trailingBreaks;
  return new Token(SCALAR, start, end, value, literal ? LITERAL : FOLDED);
}
