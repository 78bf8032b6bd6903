// ink's frame grid, drawing only the lines that changed since the frame before (issue 15, idle
// cost). ink draws every frame into a new Output that builds the styled cells of the whole screen
// (10,000 for 200x50) and turns each line back into text, whatever changed: for an idle console
// whose health latencies change every 2 s, that was most of what a frame cost. Here the writes of
// a frame are first placed line by line (clipped and transformed as ink does); a line whose
// placements are those of the frame before keeps its text, and only the others are drawn, each
// by ink's own Output, so a line comes out as ink would have drawn it.
// The text caches (each text's styled characters and widths) are kept over this frame and the one
// before it, so a frame does not re-tokenize the texts already on screen; they hold two frames'
// texts at most, however long the console runs.
// The bundle routes ink's renderer's `./output.js` here (scripts/bundle-options.mjs, `shimsPlugin`).
import { styledCharsToString, type StyledChar } from '@alcalzone/ansi-tokenize';
import Output, { type Clip, type Operation, type OutputCaches } from 'ink/build/output.js';

const Caches = new Output({ width: 0, height: 0 }).caches.constructor as new () => OutputCaches;

/** Moves the previous frame's entry for `key` into this frame's map, if there is one. */
function carry<V>(cur: Map<string, V>, prev: Map<string, V>, key: string): void {
  if (cur.has(key)) return;
  const v = prev.get(key);
  if (v !== undefined) cur.set(key, v);
}

/** ink's caches, over this frame and the one before it, and each text's lines as ink splits it. */
export class FrameCaches implements Pick<
  OutputCaches,
  'getStyledChars' | 'getStringWidth' | 'getWidestLine'
> {
  #prev = new Caches();
  #cur = new Caches();
  #prevLines = new Map<string, string[]>();
  #lines = new Map<string, string[]>();

  nextFrame(): void {
    this.#prev = this.#cur;
    this.#cur = new Caches();
    this.#prevLines = this.#lines;
    this.#lines = new Map();
  }

  getStyledChars(line: string): StyledChar[] {
    carry(this.#cur.styledChars, this.#prev.styledChars, line);
    return this.#cur.getStyledChars(line);
  }

  getStringWidth(text: string): number {
    carry(this.#cur.widths, this.#prev.widths, text);
    return this.#cur.getStringWidth(text);
  }

  getWidestLine(text: string): number {
    carry(this.#cur.blockWidths, this.#prev.blockWidths, text);
    return this.#cur.getWidestLine(text);
  }

  /** The text's lines, each its styled characters written back (ink's first step of a write). */
  getLines(text: string): string[] {
    carry(this.#lines, this.#prevLines, text);
    let lines = this.#lines.get(text);
    if (lines === undefined) {
      const split: StyledChar[][] = [[]];
      for (const c of this.getStyledChars(text)) {
        if (c.value === '\n') split.push([]);
        else split.at(-1)!.push(c);
      }
      lines = split.map(styledCharsToString);
      this.#lines.set(text, lines);
    }
    return lines;
  }
}

const frames = new FrameCaches();

/** What a frame drew on each line: its placements' signature and the line's text. */
let previous: { width: number; lines: { sig: string; text: string }[] } = { width: -1, lines: [] };

const bounded = (a: number | undefined, b: number | undefined, tighter: (a: number, b: number) => number) =>
  a === undefined ? b : b === undefined ? a : tighter(a, b);
const intersect = (outer: Clip | undefined, inner: Clip): Clip =>
  outer
    ? {
        x1: bounded(outer.x1, inner.x1, Math.max),
        x2: bounded(outer.x2, inner.x2, Math.min),
        y1: bounded(outer.y1, inner.y1, Math.max),
        y2: bounded(outer.y2, inner.y2, Math.min),
      }
    : inner;
const isEmpty = (c: Clip) =>
  (c.x1 !== undefined && c.x2 !== undefined && c.x1 >= c.x2) ||
  (c.y1 !== undefined && c.y2 !== undefined && c.y1 >= c.y2);

/** Text drawn from column x on one line: clipped and transformed, as ink draws it into the grid. */
type Placement = { x: number; line: string };

export default class FrameOutput extends Output {
  constructor(options: { width: number; height: number }) {
    super(options);
    frames.nextFrame();
    this.caches = frames as unknown as OutputCaches;
  }

  override get(): { output: string; height: number } {
    const placed: Placement[][] = Array.from({ length: this.height }, () => []);
    const clips: Clip[] = [];
    for (const op of this.operations) {
      if (op.type === 'clip') clips.push(intersect(clips.at(-1), op.clip));
      else if (op.type === 'unclip') clips.pop();
      else this.place(placed, op, clips.at(-1));
    }
    const same = previous.width === this.width;
    const lines = placed.map((row, y) => {
      const sig = row.map((p) => `${p.x}\u0000${p.line}`).join('\u0001');
      const before = same ? previous.lines[y] : undefined;
      return before?.sig === sig ? before : { sig, text: this.draw(row) };
    });
    previous = { width: this.width, lines };
    return { output: lines.map((l) => l.text).join('\n'), height: this.height };
  }

  /** ink's write, up to the grid: the text's lines clipped, transformed, and where they go. */
  private place(placed: Placement[][], op: Operation & { type: 'write' }, clip: Clip | undefined): void {
    let { x, y } = op;
    let lines = frames.getLines(op.text);
    if (clip) {
      if (isEmpty(clip)) return;
      const horizontal = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const vertical = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (horizontal && (x + frames.getWidestLine(op.text) < clip.x1! || x > clip.x2!)) return;
      if (vertical && (y + lines.length < clip.y1! || y > clip.y2!)) return;
      if (horizontal) {
        const from = x < clip.x1! ? clip.x1! - x : 0;
        lines = lines.map((line) => {
          const width = frames.getStringWidth(line);
          return this.sliceLineToColumns(line, from, x + width > clip.x2! ? clip.x2! - x : width);
        });
        if (x < clip.x1!) x = clip.x1!;
      }
      if (vertical) {
        const from = y < clip.y1! ? clip.y1! - y : 0;
        const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
        lines = lines.slice(from, to);
        if (y < clip.y1!) y = clip.y1!;
      }
    }
    lines.forEach((text, index) => {
      const row = placed[y + index];
      if (!row) return;
      let line = text;
      for (const t of op.transformers) line = t(line, index + y - op.y);
      row.push({ x, line });
    });
  }

  /** One line drawn by ink's own Output from its placements. */
  private draw(row: Placement[]): string {
    const one = new Output({ width: this.width, height: 1 });
    one.caches = frames as unknown as OutputCaches;
    for (const p of row) one.write(p.x, 0, p.line, { transformers: [] });
    return one.get().output;
  }
}
