// Splits a byte stream into lines without unbounded buffering: a partial line is kept until its
// newline (a stream dropped mid-line loses nothing it has not shown), a line longer than
// `maxBytes` is cut and the rest skipped up to its newline, and bytes are decoded as UTF-8 with
// invalid sequences replaced (U+FFFD), never thrown on.
export const MAX_LINE_BYTES = 16 * 1024;

/** Receives one line as bytes: `buf[start, end)`, without its newline or carriage return. */
export type ByteLineHandler = (buf: Buffer, start: number, end: number) => void;

/**
 * The splitter on bytes: a line inside one chunk is handed over as a slice of that chunk (no
 * copy, no decoding); only a line that spans chunks, or is cut, is copied into a buffer of its
 * own. Lines longer than `maxBytes` end in ` … [line cut: N more bytes]`.
 */
export class ByteLineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private skipping = false;
  private cutBytes = 0;
  constructor(
    private readonly onLine: ByteLineHandler,
    private readonly maxBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) {
        this.keep(buf.subarray(start));
        return;
      }
      if (!this.partBytes && !this.skipping && nl - start <= this.maxBytes) {
        this.onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
      } else {
        this.keep(buf.subarray(start, nl));
        this.emit();
      }
      start = nl + 1;
    }
  }

  /** The stream ended: a partial last line is emitted as is. */
  end(): void {
    if (this.partBytes || this.skipping) this.emit();
  }

  /** Drops a partial line (when the stream will be resumed from a timestamp instead). */
  discardPartial(): void {
    this.parts = [];
    this.partBytes = 0;
    this.skipping = false;
    this.cutBytes = 0;
  }

  hasPartial(): boolean {
    return this.partBytes > 0 || this.skipping;
  }

  private keep(b: Buffer): void {
    if (!b.length) return;
    if (this.skipping) {
      this.cutBytes += b.length;
      return;
    }
    const room = this.maxBytes - this.partBytes;
    if (b.length > room) {
      if (room > 0) this.parts.push(b.subarray(0, room));
      this.partBytes += Math.max(0, room);
      this.cutBytes += b.length - Math.max(0, room);
      this.skipping = true;
      return;
    }
    this.parts.push(b);
    this.partBytes += b.length;
  }

  private emit(): void {
    let buf = Buffer.concat(this.parts, this.partBytes);
    let end = buf.length;
    if (end && buf[end - 1] === 13) end--;
    if (this.skipping) {
      buf = Buffer.concat([buf.subarray(0, end), Buffer.from(` … [line cut: ${this.cutBytes} more bytes]`)]);
      end = buf.length;
    }
    this.parts = [];
    this.partBytes = 0;
    this.skipping = false;
    this.cutBytes = 0;
    this.onLine(buf, 0, end);
  }
}

/** The splitter for consumers of text: each line decoded as UTF-8 (invalid bytes → U+FFFD). */
export class LineSplitter extends ByteLineSplitter {
  constructor(onLine: (line: string) => void, maxBytes = MAX_LINE_BYTES) {
    super((buf, start, end) => onLine(buf.toString('utf8', start, end)), maxBytes);
  }
}

/** UTF-8 decode; a multi-byte sequence cut at the end becomes U+FFFD. */
export function decodeSafe(buf: Buffer): string {
  return buf.toString('utf8');
}

/** Cuts a string line (from a source that delivers strings) to the limit, saying so. */
export function cutLine(text: string, maxChars = MAX_LINE_BYTES): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)} … [line cut: ${text.length - maxChars} more chars]`;
}
