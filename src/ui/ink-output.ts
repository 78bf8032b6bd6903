// ink's frame grid with its text caches kept from one frame to the next (issue 15, idle cost).
// ink draws every frame into a new Output whose caches (each text's styled characters and
// widths) start empty, so an idle console re-tokenized every text of the 200x50 screen whenever
// one number changed: half of its CPU. Here a frame finds the texts of the frame before it; the
// caches hold two frames' texts at most (what is on screen), however long the console runs.
// The bundle routes ink's renderer's `./output.js` here (scripts/bundle-options.mjs, `shimsPlugin`).
import Output, { type OutputCaches } from 'ink/build/output.js';

const Caches = new Output({ width: 0, height: 0 }).caches.constructor as new () => OutputCaches;

/** Moves the previous frame's entry for `key` into this frame's map, if there is one. */
function carry<V>(cur: Map<string, V>, prev: Map<string, V>, key: string): void {
  if (cur.has(key)) return;
  const v = prev.get(key);
  if (v !== undefined) cur.set(key, v);
}

/** ink's caches, over this frame and the one before it. */
export class FrameCaches implements Pick<
  OutputCaches,
  'getStyledChars' | 'getStringWidth' | 'getWidestLine'
> {
  #prev = new Caches();
  #cur = new Caches();

  nextFrame(): void {
    this.#prev = this.#cur;
    this.#cur = new Caches();
  }

  getStyledChars(line: string): unknown[] {
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
}

const frames = new FrameCaches();

export default class FrameOutput extends Output {
  constructor(options: { width: number; height: number }) {
    super(options);
    frames.nextFrame();
    this.caches = frames as unknown as OutputCaches;
  }
}
