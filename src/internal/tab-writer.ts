/**
 * Go's text/tabwriter (elastic tabstops) as docker's listings use it: each line is split into
 * cells at tabs; a cell that a tab ends belongs to a column, which is as wide as its widest
 * cell plus the padding, and at least the minimum width; the text after a line's last tab is
 * not aligned. Consecutive lines that have a cell in a column form that column's block, so a
 * line without tabs ends every block. Cells are padded with spaces, trailing ones included.
 */

/** Options of {@link alignColumns}, as `tabwriter.NewWriter(out, minwidth, 1, padding, ' ', 0)`. */
export interface TabOptions {
  /** The narrowest a column may be, padding included (docker CLI listings 10, compose's own 20). */
  readonly minWidth: number;
  /** Spaces after the widest cell of a column. @default 3 */
  readonly padding?: number;
  /**
   * Count East Asian wide characters as two columns, as the docker CLI's copy of tabwriter
   * does (go-runewidth); Go's own counts every character as one. @default false
   */
  readonly wide?: boolean;
}

/** Characters that take two columns (East Asian Wide and Fullwidth, emoji). */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
/** Combining marks, which take none. */
const ZERO = /[\u0300-\u036f\u200b-\u200f]/u;

/** The columns `text` takes on a terminal. */
export function textWidth(text: string, wide = false): number {
  let n = 0;
  for (const c of text) {
    if (!wide) n++;
    else if (ZERO.test(c)) continue;
    else n += WIDE.test(c) ? 2 : 1;
  }
  return n;
}

/**
 * Aligns tab-separated text in columns, as Go's tabwriter prints it once flushed.
 * @example alignColumns('NAME\tSTATUS\nweb\tup\n', { minWidth: 10 }) // 'NAME      STATUS\nweb       up\n'
 */
export function alignColumns(text: string, options: TabOptions): string {
  const padding = options.padding ?? 3;
  const lines = text.split('\n').map((line) => {
    const cells = line.split('\t');
    return cells.map((c) => ({ text: c, width: textWidth(c, options.wide) }));
  });
  type Cell = (typeof lines)[number][number];
  const out: string[] = [];
  const widths: number[] = [];

  const write = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const line: Cell[] = lines[i];
      let s = '';
      line.forEach((cell, j) => {
        s += cell.text;
        if (j < widths.length && j < line.length - 1)
          s += ' '.repeat(Math.max(0, widths[j] - cell.width));
      });
      out.push(s);
    }
  };

  // Go's Writer.format: the blocks of column `widths.length` between `line0` and `line1`.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let from = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      write(from, i);
      from = i;
      let width = options.minWidth;
      for (; i < line1 && column < lines[i].length - 1; i++) {
        width = Math.max(width, lines[i][column].width + padding);
      }
      widths.push(width);
      format(from, i);
      widths.pop();
      from = i;
      i--;
    }
    write(from, line1);
  };
  format(0, lines.length);
  return out.join('\n');
}
