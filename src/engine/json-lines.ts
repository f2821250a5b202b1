/**
 * Splits newline-delimited JSON text (events, stats, build output, pull/push progress) into
 * complete lines. The engine ends lines with `\n` or `\r\n`; blank lines are skipped. Feed text
 * (already UTF-8 decoded, so multi-byte characters never straddle chunks) with {@link push}.
 */
export class JsonLineSplitter {
  private rest = '';

  /** Returns the complete, non-blank lines ending in `text`; keeps the unfinished tail. */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.rest += text;
      return lines;
    }
    let head = this.rest;
    this.rest = '';
    while (nl !== -1) {
      const line = (head + text.slice(start, nl)).trim();
      head = '';
      if (line !== '') lines.push(line);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.rest = text.slice(start);
    return lines;
  }

  /** Returns the last line when the input did not end with a newline, else undefined. */
  end(): string | undefined {
    const line = this.rest.trim();
    this.rest = '';
    return line === '' ? undefined : line;
  }
}
