// Where a container's log stream stands, kept from its raw bytes with no work per line: the
// follower hands whole lines on as bytes (the pipeline, in its worker, splits, reads the times
// and decodes); this cursor holds back only a partial last line, and reads the last timestamp
// and the lines printed at it from the tail of each chunk (a few lines, whatever the chunk's
// size). A resumed stream (`sinceTime`, which the API truncates to the second) is read line by
// line only until it passes the resume point: lines before it, and lines at it already seen, are
// dropped, so nothing is lost or shown twice.
import { MAX_LINE_BYTES } from './pipeline/lines.js';

/** `2026-11-23T11:14:50.1234Z` → a fixed-width sortable key and epoch ms. */
export function parseK8sTimestamp(ts: string): { key: string; ms: number } | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return undefined;
  const frac = (m[2] ?? '').padEnd(9, '0');
  if (m[3] === 'Z') {
    const ms = Date.parse(`${m[1]}Z`) + Number(frac.slice(0, 3));
    return { key: `${m[1]}.${frac}Z`, ms };
  }
  const ms = Date.parse(`${m[1]}${m[3]}`) + Number(frac.slice(0, 3));
  if (Number.isNaN(ms)) return undefined;
  return { key: `${new Date(ms - (ms % 1000)).toISOString().slice(0, 19)}.${frac}Z`, ms };
}

/** Where a container's stream stands: the last timestamp shown and the lines seen at it. */
export interface StreamPosition {
  lastKey?: string;
  lastMs?: number;
  seenAtLast: Set<string>;
  everStarted: boolean;
}

/** Lines remembered at the last timestamp (beyond, a resumed stream may repeat one). */
const MAX_SEEN = 1000;
/** A partial line held back at most this long; a longer one goes on as it comes (the pipeline cuts it). */
const MAX_HELD = MAX_LINE_BYTES + 64;

/** The timestamp and text of one line `buf[s, e)` (no newline), or undefined without one. */
function stamped(buf: Buffer, s: number, e: number): { key: string; ms: number; text: string } | undefined {
  if (e > s && buf[e - 1] === 13) e--;
  const sp = buf.indexOf(32, s);
  if (sp <= s || sp >= e || sp - s > 40) return undefined;
  const t = parseK8sTimestamp(buf.toString('latin1', s, sp));
  return t && { ...t, text: buf.toString('utf8', sp + 1, e) };
}

export class ResumeCursor {
  private held: Buffer | undefined;
  /** Inside a line too long to hold: its bytes go on until its newline. */
  private passing = false;
  /** Resumed from a timestamp and not yet past it. */
  private filtering: boolean;
  /** A line was handed on (the stream was not empty). */
  gotLine = false;

  constructor(private readonly pos: StreamPosition) {
    this.filtering = pos.lastKey !== undefined;
  }

  /** Bytes in; out what the pipeline gets (whole lines, timestamps kept), or undefined. */
  push(chunk: Buffer): Buffer | undefined {
    const out: Buffer[] = [];
    let buf = chunk;
    if (this.passing) {
      const nl = buf.indexOf(10);
      if (nl < 0) return buf;
      out.push(buf.subarray(0, nl + 1));
      this.passing = false;
      buf = buf.subarray(nl + 1);
    }
    const last = buf.lastIndexOf(10);
    if (last >= 0) {
      let whole = this.held
        ? Buffer.concat([this.held, buf.subarray(0, last + 1)])
        : buf.subarray(0, last + 1);
      this.held = undefined;
      if (this.filtering) whole = this.filter(whole);
      if (whole.length) {
        this.track(whole);
        out.push(whole);
      }
      buf = buf.subarray(last + 1);
    }
    if (buf.length) {
      const held = this.held ? Buffer.concat([this.held, buf]) : Buffer.from(buf);
      if (held.length > MAX_HELD) {
        out.push(held);
        this.held = undefined;
        this.passing = true;
      } else this.held = held;
    }
    if (out.length) this.gotLine = true;
    return out.length === 1 ? out[0] : out.length ? Buffer.concat(out) : undefined;
  }

  /** The lines of a resumed stream up to and at the resume point, minus those already shown. */
  private filter(whole: Buffer): Buffer {
    const pos = this.pos;
    const keep: Buffer[] = [];
    for (let s = 0; s < whole.length;) {
      const nl = whole.indexOf(10, s);
      const t = stamped(whole, s, nl);
      if (t && pos.lastKey !== undefined && t.key <= pos.lastKey) {
        if (t.key === pos.lastKey && !pos.seenAtLast.has(t.text)) {
          if (pos.seenAtLast.size < MAX_SEEN) pos.seenAtLast.add(t.text);
          keep.push(whole.subarray(s, nl + 1));
        }
        s = nl + 1;
        continue;
      }
      if (t) {
        // Past the resume point: this line and all after it go on as they are.
        this.filtering = false;
        keep.push(whole.subarray(s));
        break;
      }
      keep.push(whole.subarray(s, nl + 1));
      s = nl + 1;
    }
    return keep.length === 1 ? keep[0]! : Buffer.concat(keep);
  }

  /** The last timestamp of whole lines, and the lines at it, read from their end. */
  private track(whole: Buffer): void {
    const pos = this.pos;
    let key: string | undefined;
    let ms = 0;
    const texts: string[] = [];
    for (let e = whole.length - 1, walked = 0; e >= 0 && walked < 2 * MAX_SEEN; walked++) {
      const s = e === 0 ? 0 : whole.lastIndexOf(10, e - 1) + 1;
      const t = stamped(whole, s, e);
      if (t) {
        if (key === undefined) ({ key, ms } = t);
        else if (t.key !== key) break;
        if (texts.length >= MAX_SEEN) break;
        texts.push(t.text);
      }
      e = s - 1;
    }
    if (key === undefined) return;
    if (key === pos.lastKey) {
      for (const t of texts) if (pos.seenAtLast.size < MAX_SEEN) pos.seenAtLast.add(t);
    } else {
      pos.lastKey = key;
      pos.lastMs = ms;
      pos.seenAtLast = new Set(texts);
    }
  }
}
