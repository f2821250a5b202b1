/**
 * The escape sequences compose's dotenv format expands inside double quotes: `\a \b \f \n \r \t
 * \v \\ \"`, `\$` (a literal dollar: it becomes `$$` for the template engine), and XSI-style
 * octal `\0NNN`. Anything else (`\x07`, `\u12e4`, `\q`) is kept as written.
 */

const ESCAPE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;

const SIMPLE: Readonly<Partial<Record<string, string>>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  $: '$$',
  '"': '"',
  '\\': '\\',
};

/**
 * Expands the escapes of a double-quoted dotenv value (before `${VAR}` substitution).
 * @example expandEscapes('a\\tb\\0123') // 'a\tbS'
 */
export function expandEscapes(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(ESCAPE, (match) => {
    const c = match.charAt(1);
    // `\c` is matched but is no Go escape: it stays as written.
    if (c !== '0') return SIMPLE[c] ?? match;
    // `\0NNN` is read as the Go octal escape `\NNN`: exactly three octal digits, at most 0377.
    const digits = match.slice(2);
    if (!/^[0-7]{3}$/.test(digits)) return match;
    const code = parseInt(digits, 8);
    return code > 0xff ? match : String.fromCharCode(code);
  });
}
