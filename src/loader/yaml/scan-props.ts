import { isBlankOrEnd, isBreak, type ScanCursor } from './scan-cursor.js';
import { ALIAS, TAG, TAG_DIRECTIVE, Token, VERSION_DIRECTIVE } from './token.js';

/** Letters, digits, `_` and `-`: libyaml's "alpha" class (tag handles, directive names). */
function isAlpha(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45
  );
}

/** Anchor names: printable ASCII except blanks, flow indicators and (as go-yaml adds) ':'. */
function isAnchorChar(c: number): boolean {
  return (
    c > 32 && c < 127 && c !== 58 && c !== 44 && c !== 91 && c !== 93 && c !== 123 && c !== 125
  );
}

/** Characters of a tag URI; flow indicators only in a verbatim tag or a %TAG prefix. */
function isUriChar(c: number, verbatim: boolean): boolean {
  if (isAlpha(c)) return true;
  switch (c) {
    case 59: // ;
    case 47: // /
    case 63: // ?
    case 58: // :
    case 64: // @
    case 38: // &
    case 61: // =
    case 43: // +
    case 36: // $
    case 46: // .
    case 33: // !
    case 126: // ~
    case 42: // *
    case 39: // '
    case 40: // (
    case 41: // )
    case 37: // %
      return true;
    case 44:
    case 91:
    case 93:
    case 123:
    case 125:
      return verbatim;
    default:
      return false;
  }
}

/** Scans `&name` or `*name`. */
export function scanAnchor(sc: ScanCursor, type: number): Token {
  const start = sc.pos;
  const s = sc.src;
  let p = start + 1;
  while (isAnchorChar(s.charCodeAt(p))) p++;
  sc.pos = p;
  const c = s.charCodeAt(p);
  if (
    p === start + 1 ||
    !(
      isBlankOrEnd(c) ||
      c === 63 ||
      c === 58 ||
      c === 44 ||
      c === 93 ||
      c === 125 ||
      c === 37 ||
      c === 64 ||
      c === 96
    )
  ) {
    throw sc.error(
      'did not find expected alphabetic or numeric character',
      p,
      type === ALIAS ? 'while scanning an alias' : 'while scanning an anchor',
      start,
    );
  }
  return new Token(type, start, p, s.slice(start + 1, p));
}

function tagError(sc: ScanCursor, directive: boolean, start: number, problem: string): Error {
  return sc.error(
    problem,
    sc.pos,
    directive ? 'while parsing a %TAG directive' : 'while parsing a tag',
    start,
  );
}

function scanTagHandle(sc: ScanCursor, directive: boolean, start: number): string {
  const s = sc.src;
  if (s.charCodeAt(sc.pos) !== 33)
    throw tagError(sc, directive, start, "did not find expected '!'");
  const from = sc.pos;
  let p = from + 1;
  while (isAlpha(s.charCodeAt(p))) p++;
  if (s.charCodeAt(p) === 33) {
    p++;
  } else if (directive && p - from !== 1) {
    sc.pos = p;
    throw tagError(sc, directive, start, "did not find expected '!'");
  }
  sc.pos = p;
  return s.slice(from, p);
}

function scanTagUri(
  sc: ScanCursor,
  directive: boolean,
  verbatim: boolean,
  head: string,
  start: number,
): string {
  const s = sc.src;
  let out = head.length > 1 ? head.slice(1) : '';
  let hasTag = head.length > 0;
  for (;;) {
    const c = s.charCodeAt(sc.pos);
    if (!isUriChar(c, verbatim)) break;
    if (c === 37) {
      out += scanUriEscapes(sc, directive, start);
    } else {
      out += s[sc.pos];
      sc.pos++;
    }
    hasTag = true;
  }
  if (!verbatim) {
    const c = s.charCodeAt(sc.pos);
    if (!isBlankOrEnd(c) && c >= 0x20 && c <= 0x7e) {
      throw tagError(
        sc,
        directive,
        start,
        `found character '${String.fromCharCode(c)}' that is not allowed in a YAML tag`,
      );
    }
  }
  if (!hasTag) throw tagError(sc, directive, start, 'did not find expected tag URI');
  return out;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Decodes `%XX` escapes forming one UTF-8 character. */
function scanUriEscapes(sc: ScanCursor, directive: boolean, start: number): string {
  const s = sc.src;
  const bytes: number[] = [];
  let width = -1;
  while (width !== 0) {
    const hi = hexValue(s.charCodeAt(sc.pos + 1));
    const lo = hexValue(s.charCodeAt(sc.pos + 2));
    if (s.charCodeAt(sc.pos) !== 37 || hi < 0 || lo < 0) {
      throw tagError(sc, directive, start, 'did not find URI escaped octet');
    }
    const octet = (hi << 4) | lo;
    if (width < 0) {
      width =
        (octet & 0x80) === 0
          ? 1
          : (octet & 0xe0) === 0xc0
            ? 2
            : (octet & 0xf0) === 0xe0
              ? 3
              : (octet & 0xf8) === 0xf0
                ? 4
                : 0;
      if (width === 0) {
        throw tagError(sc, directive, start, 'found an incorrect leading UTF-8 octet');
      }
    } else if ((octet & 0xc0) !== 0x80) {
      throw tagError(sc, directive, start, 'found an incorrect trailing UTF-8 octet');
    }
    bytes.push(octet);
    sc.pos += 3;
    width--;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Scans a tag: `!<verbatim>`, `!!suffix`, `!handle!suffix`, `!suffix` or `!`. */
export function scanTag(sc: ScanCursor): Token {
  const start = sc.pos;
  const s = sc.src;
  let handle: string;
  let suffix: string;
  if (s.charCodeAt(start + 1) === 60 /* < */) {
    handle = '';
    sc.pos += 2;
    suffix = scanTagUri(sc, false, true, '', start);
    if (s.charCodeAt(sc.pos) !== 62) {
      throw sc.error("did not find the expected '>'", sc.pos, 'while scanning a tag', start);
    }
    sc.pos++;
  } else {
    handle = scanTagHandle(sc, false, start);
    if (handle.length > 1 && handle.endsWith('!')) {
      suffix = scanTagUri(sc, false, false, '', start);
    } else {
      suffix = scanTagUri(sc, false, false, handle, start);
      handle = '!';
      if (suffix === '') {
        handle = '';
        suffix = '!';
      }
    }
  }
  if (!isBlankOrEnd(s.charCodeAt(sc.pos))) {
    throw sc.error(
      'did not find expected whitespace or line break',
      sc.pos,
      'while scanning a tag',
      start,
    );
  }
  return new Token(TAG, start, sc.pos, handle, 0, suffix);
}

function skipBlanks(sc: ScanCursor): void {
  let c = sc.src.charCodeAt(sc.pos);
  while (c === 32 || c === 9) c = sc.src.charCodeAt(++sc.pos);
}

function versionNumber(sc: ScanCursor, start: number): number {
  let value = 0;
  let length = 0;
  for (;;) {
    const c = sc.src.charCodeAt(sc.pos);
    if (!(c >= 48 && c <= 57)) break;
    if (++length > 2) {
      throw sc.error(
        'found extremely long version number',
        sc.pos,
        'while scanning a %YAML directive',
        start,
      );
    }
    value = value * 10 + (c - 48);
    sc.pos++;
  }
  if (length === 0) {
    throw sc.error(
      'did not find expected version number',
      sc.pos,
      'while scanning a %YAML directive',
      start,
    );
  }
  return value;
}

/** Scans a `%YAML` or `%TAG` directive line. */
export function scanDirective(sc: ScanCursor): Token {
  const start = sc.pos;
  const s = sc.src;
  sc.pos++;
  const nameStart = sc.pos;
  while (isAlpha(s.charCodeAt(sc.pos))) sc.pos++;
  const name = s.slice(nameStart, sc.pos);
  const ctx = 'while scanning a directive';
  if (name === '') throw sc.error('could not find expected directive name', sc.pos, ctx, start);
  if (!isBlankOrEnd(s.charCodeAt(sc.pos))) {
    throw sc.error('found unexpected non-alphabetical character', sc.pos, ctx, start);
  }
  let token: Token;
  if (name === 'YAML') {
    skipBlanks(sc);
    const major = versionNumber(sc, start);
    if (s.charCodeAt(sc.pos) !== 46) {
      throw sc.error(
        "did not find expected digit or '.' character",
        sc.pos,
        'while scanning a %YAML directive',
        start,
      );
    }
    sc.pos++;
    const minor = versionNumber(sc, start);
    token = new Token(VERSION_DIRECTIVE, start, sc.pos, `${major}.${minor}`);
  } else if (name === 'TAG') {
    skipBlanks(sc);
    const handle = scanTagHandle(sc, true, start);
    const c = s.charCodeAt(sc.pos);
    if (c !== 32 && c !== 9) {
      throw sc.error(
        'did not find expected whitespace',
        sc.pos,
        'while scanning a %TAG directive',
        start,
      );
    }
    skipBlanks(sc);
    const prefix = scanTagUri(sc, true, true, '', start);
    if (!isBlankOrEnd(s.charCodeAt(sc.pos))) {
      throw sc.error(
        'did not find expected whitespace or line break',
        sc.pos,
        'while scanning a %TAG directive',
        start,
      );
    }
    token = new Token(TAG_DIRECTIVE, start, sc.pos, handle, 0, prefix);
  } else {
    throw sc.error('found unknown directive name', sc.pos, ctx, start);
  }
  skipBlanks(sc);
  let c = s.charCodeAt(sc.pos);
  if (c === 35) {
    while (sc.pos < sc.len && !isBreak(c)) c = s.charCodeAt(++sc.pos);
  }
  if (sc.pos < sc.len && !isBreak(c)) {
    throw sc.error('did not find expected comment or line break', sc.pos, ctx, start);
  }
  sc.skipLine();
  return token;
}
