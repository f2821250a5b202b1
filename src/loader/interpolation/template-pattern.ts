/**
 * The pieces of compose-go's template syntax shared by the engine and by variable extraction.
 */

// compose-go matches names case-insensitively with Go's Unicode folding, so the Kelvin sign and
// the long s fold into `k` and `s` and are accepted too.
const NAME = '[_a-zA-Z\\u017f\\u212a][_a-zA-Z0-9\\u017f\\u212a]*';

/**
 * compose-go's template regular expression. Groups: 1 the escaped `$` of `$$`, 2 a plain name,
 * 3 a braced body (`VAR`, `VAR:-default`, ...), 4 empty for an invalid `${`. A braced body runs
 * to the last `}` of the line (Go's `.` is any character but a newline).
 */
export const TEMPLATE_SOURCE = `\\$(?:(\\$)|(${NAME})|\\{(?:(${NAME}(?::?[-+?][^\\n]*)?)\\}|()))`;

/**
 * Index of the `}` that closes the first `{` of `s`, or -1. Counted as compose-go counts it: the
 * character right after each `{` is skipped.
 */
export function firstClosingBrace(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x7d) {
      open--;
      if (open === 0) return i;
    }
    if (c === 0x7b) {
      open++;
      i++;
    }
  }
  return -1;
}
