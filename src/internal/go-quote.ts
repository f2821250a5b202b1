/**
 * Go's `strconv.Quote` (what `%q` and `%#v` print for a string), so that messages carrying a
 * quoted value read exactly as docker compose and compose-go print them. The one quoting of the
 * code base: the loader's duplicate-key, interpolation, dotenv and schema messages, and the
 * templates' `printf "%q"`.
 */
import { isGoGraphic } from './go-printable.js';

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
 * Quotes `s` with Go escapes: the quote character and `\` get a backslash, non-printable
 * characters are escaped (`\n`, `\x1b`, `\u00a0`, `\U0001f600`) and printable Unicode is kept as
 * it is (Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
 * space). With `quote` `'` this is how Go quotes a rune (`strconv.QuoteRune`, `%q` of an
 * integer) and how the JSON-schema validator compose-go uses quotes a value: `'` escaped, `"`
 * left bare. A lone surrogate, which UTF-8 text cannot hold, is taken as U+FFFD, as Go's
 * decoders replace invalid input.
 * @default quote `"`
 * @example goQuote('a"b\n') // '"a\\"b\\n"'
 * @example goQuote(`it's "x"`, "'") // `'it\\'s "x"'`
 */
export function goQuote(s: string, quote: '"' | "'" = '"'): string {
  const q = quote.charCodeAt(0);
  let out = quote;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII other than the characters that need a backslash: the common case.
    if (c >= 0x20 && c < 0x7f && c !== q && c !== 0x5c) continue;
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (c >= 0x80 && !isSurrogate(cp) && isGoGraphic(String.fromCodePoint(cp))) {
      i += width - 1;
      continue;
    }
    out += s.slice(start, i) + escapeRune(cp, q);
    i += width - 1;
    start = i + 1;
  }
  return out + s.slice(start) + quote;
}

/** A rune that needs escaping, as Go writes it inside quotes (a lone surrogate as a bare U+FFFD). */
function escapeRune(cp: number, quote: number): string {
  if (isSurrogate(cp)) return '\ufffd';
  if (cp === quote || cp === 0x5c) return `\\${String.fromCodePoint(cp)}`;
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

function isSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
