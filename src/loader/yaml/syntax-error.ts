/**
 * The internal error of the YAML layer. It carries source offsets only; `parse.ts` turns it into
 * a `ComposeError` with file, line and column, computed from the text when the error happens.
 */
export class YamlSyntaxError extends Error {
  /**
   * @param problem what is wrong, in libyaml's wording (`found a tab character that ...`)
   * @param pos offset of the problem in the source text
   * @param context what was being read (`while scanning a plain scalar`), when known
   * @param contextPos offset where that context started
   */
  constructor(
    readonly problem: string,
    readonly pos: number,
    readonly context = '',
    readonly contextPos = -1,
  ) {
    super(problem);
  }
}

/** 1-based line and column (in characters) of an offset of `text`. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  if (pos > text.length) pos = text.length;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029) {
      line++;
      lineStart = i + 1;
    } else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < pos; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < pos) i++;
    column++;
  }
  return { line, column };
}
