/**
 * Go's `%#v` / `%q` of a string (strconv.Quote): double quotes, `\a \b \f \n \r \t \v \\ \"`
 * escaped, other control and non-printable characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 * compose-go prints keys this way in its duplicate-key and non-string-key messages.
 */
import { isGoGraphic } from '../go-printable.js';
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (c) {
      case 7:
        out += '\\a';
        continue;
      case 8:
        out += '\\b';
        continue;
      case 12:
        out += '\\f';
        continue;
      case 10:
        out += '\\n';
        continue;
      case 13:
        out += '\\r';
        continue;
      case 9:
        out += '\\t';
        continue;
      case 11:
        out += '\\v';
        continue;
      case 92:
        out += '\\\\';
        continue;
      case 34:
        out += '\\"';
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (c < 0x7f || isGoGraphic(ch)) out += ch;
    else if (c < 0x10000) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `${out}"`;
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, '0');
}
