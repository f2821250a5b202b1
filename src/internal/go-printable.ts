/**
 * Go's `unicode.IsGraphic` minus the spaces: letters, marks, numbers, punctuation and symbols,
 * the characters Go's quoting functions print as they are. ASCII is decided by code; the
 * Unicode-property expression is built only for the first other character (building it costs
 * about a millisecond, which every command would otherwise pay at start-up).
 */
let graphic: RegExp | undefined;

/** True for one character (a code point, as a string) that is a letter, mark, number, punctuation or symbol. */
export function isGoGraphic(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0x80) return c > 0x20 && c < 0x7f;
  graphic ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
  return graphic.test(ch);
}
