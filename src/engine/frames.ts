/** One piece of a container's output, tagged with the stream it was written to. */
export interface StreamChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

/**
 * Splits the engine's multiplexed stdout/stderr framing (non-TTY attach, logs and exec): each
 * frame is an 8-byte header (stream byte 0 stdin / 1 stdout / 2 stderr / 3 engine error, three
 * zero bytes, big-endian uint32 payload size) followed by the payload. Payloads are passed on as
 * they arrive, without waiting for a whole frame, so large frames cost no copies and no delay.
 * Feed it the raw chunks in order with {@link push}; call {@link end} when the input ends.
 */
export class FrameDemuxer {
  private readonly header = Buffer.alloc(8);
  private headerLength = 0;
  private stream: 'stdout' | 'stderr' | 'error' = 'stdout';
  private remaining = 0;
  private errorText = '';

  /**
   * Returns the output contained in `chunk` (slices of it, not copies).
   * @throws {Error} when the bytes are not multiplexed framing (e.g. a TTY's raw stream), or
   *   with the engine's text when it sent an error frame (stream 3).
   */
  push(chunk: Buffer): StreamChunk[] {
    const out: StreamChunk[] = [];
    const length = chunk.length;
    let offset = 0;
    while (offset < length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, length - offset);
        const data = chunk.subarray(offset, offset + n);
        this.remaining -= n;
        offset += n;
        if (this.stream === 'error') {
          this.errorText += data.toString('utf8');
          if (this.remaining === 0) throw new Error(this.errorText.trim());
        } else {
          out.push({ stream: this.stream, data });
        }
        continue;
      }
      // Fast path: a whole header inside this chunk needs no copy.
      let h: Buffer;
      if (this.headerLength === 0 && length - offset >= 8) {
        h = chunk.subarray(offset, offset + 8);
        offset += 8;
      } else {
        const n = Math.min(8 - this.headerLength, length - offset);
        chunk.copy(this.header, this.headerLength, offset, offset + n);
        this.headerLength += n;
        offset += n;
        if (this.headerLength < 8) break;
        this.headerLength = 0;
        h = this.header;
      }
      const kind = h[0];
      if (kind > 3 || h[1] !== 0 || h[2] !== 0 || h[3] !== 0) {
        throw new Error(
          `malformed multiplexed stream: frame header ${h.toString('hex')} ` +
            '(is the container using a TTY? TTY output is a raw stream)',
        );
      }
      this.stream = kind === 2 ? 'stderr' : kind === 3 ? 'error' : 'stdout';
      this.remaining = h.readUInt32BE(4);
    }
    return out;
  }

  /** True when the input so far ended on a frame boundary. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.headerLength === 0;
  }
}
