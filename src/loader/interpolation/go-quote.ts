/**
 * Go's `strconv.Quote` (what `%q` and `%#v` print for a string), so that messages carrying a
 * quoted value read exactly as docker compose prints them.
 */
import { isGoGraphic } from '../go-printable.js';

const SHORT_ESCAPES: Readonly<Partial<Record<number, string>>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

/**
 * Quotes `s` with double quotes and Go escapes: `"`, `\` and non-printable characters are escaped
 * (`\n`, `\x1b`, `\u00a0`, `\U0001f600`); printable Unicode is kept as it is.
 * @example goQuote('a"b\n') // '"a\\"b\\n"'
 */
export function goQuote(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII other than the two characters that need a backslash: the common case.
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (c >= 0x80 && (cp < 0xd800 || cp > 0xdfff) && isGoGraphic(String.fromCodePoint(cp))) {
      i += width - 1;
      continue;
    }
    out += s.slice(start, i) + escapeRune(cp);
    i += width - 1;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

function escapeRune(cp: number): string {
  if (cp === 0x22) return '\\"';
  if (cp === 0x5c) return '\\\\';
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  // A lone surrogate cannot come from UTF-8 text; Go would show the replacement character.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
