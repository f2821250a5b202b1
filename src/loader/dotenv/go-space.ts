/** Go's notions of white space, which differ from JavaScript's `\s`. */

/** Go's unicode.IsSpace (JavaScript's `\s` adds U+FEFF and lacks U+0085). */
export function isUnicodeSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Index of the first character of `s` at or after `from` that is not a Go space. */
export function skipUnicodeSpace(s: string, from = 0): number {
  let i = from;
  while (i < s.length && isUnicodeSpace(s.charCodeAt(i))) i++;
  return i;
}

/** `s` without trailing Go spaces. */
export function trimEndUnicodeSpace(s: string): string {
  let k = s.length;
  while (k > 0 && isUnicodeSpace(s.charCodeAt(k - 1))) k--;
  return k === s.length ? s : s.slice(0, k);
}
