// The console's frame grid (src/ui/ink-output.ts) draws only the lines that changed since the
// frame before; whatever the frames, each must come out as ink's own Output draws it.
import Output from 'ink/build/output.js';
import { describe, expect, it } from 'vitest';
import FrameOutput from '../../src/ui/ink-output.js';

/** mulberry32: the same frames on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['ok', 'backend', '24ms', '·', '▲', '界面', '🔥', 'é', ' ', '─────', 'x\u200b'];
const STYLES = [
  (s: string) => `\u001b[31m${s}\u001b[39m`,
  (s: string) => `\u001b[1m${s}\u001b[22m`,
  (s: string) => `\u001b[2m\u001b[36m${s}\u001b[39m\u001b[22m`,
  (s: string) => s,
];
const TRANSFORMS = [
  (line: string) => `\u001b[7m${line}\u001b[27m`,
  (line: string, i: number) => (i % 2 ? `\u001b[33m${line}\u001b[39m` : line),
];

type Op =
  | { type: 'write'; x: number; y: number; text: string; t: number[] }
  | { type: 'clip'; clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { type: 'unclip' };

function text(r: () => number): string {
  const lines = 1 + Math.floor(r() * 3);
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    let line = '';
    for (let w = Math.floor(r() * 5); w >= 0; w--)
      line += STYLES[Math.floor(r() * STYLES.length)]!(WORDS[Math.floor(r() * WORDS.length)]!);
    out.push(line);
  }
  // A style opened on one line and closed on the next, as ink's nested texts do.
  return r() < 0.2 ? `\u001b[32m${out.join('\n')}\u001b[39m` : out.join('\n');
}

function frame(r: () => number, width: number, height: number): Op[] {
  const ops: Op[] = [];
  let depth = 0;
  for (let i = 0; i < 30; i++) {
    const k = r();
    if (k < 0.1) {
      const x1 = Math.floor(r() * width) - 2;
      const y1 = Math.floor(r() * height) - 2;
      ops.push({
        type: 'clip',
        clip:
          r() < 0.2
            ? { y1, y2: y1 + 4 }
            : { x1, x2: x1 + Math.floor(r() * 20), y1, y2: y1 + Math.floor(r() * 8) },
      });
      depth++;
    } else if (k < 0.15 && depth) {
      ops.push({ type: 'unclip' });
      depth--;
    } else {
      ops.push({
        type: 'write',
        x: Math.floor(r() * (width + 4)) - 3,
        y: Math.floor(r() * (height + 2)) - 1,
        text: text(r),
        t: r() < 0.3 ? [Math.floor(r() * TRANSFORMS.length)] : [],
      });
    }
  }
  return ops;
}

/** A frame like the one before with a few of its writes changed (an idle console's frames). */
function nudge(r: () => number, ops: Op[]): Op[] {
  return ops.map((op) => (op.type === 'write' && r() < 0.1 ? { ...op, text: text(r) } : op));
}

function draw(out: Output, ops: Op[]): string {
  for (const op of ops) {
    if (op.type === 'clip') out.clip({ x1: op.clip.x1, x2: op.clip.x2, y1: op.clip.y1, y2: op.clip.y2 });
    else if (op.type === 'unclip') out.unclip();
    else out.write(op.x, op.y, op.text, { transformers: op.t.map((i) => TRANSFORMS[i]!) });
  }
  return out.get().output;
}

describe('the frame grid that draws only changed lines', () => {
  it('draws every frame as ink does: new frames, nudged frames, a width that changes', () => {
    const r = random(15);
    let ops = frame(r, 40, 12);
    let size = { width: 40, height: 12 };
    for (let f = 0; f < 600; f++) {
      const k = r();
      if (k < 0.1) ops = frame(r, size.width, size.height);
      else if (k < 0.15) size = { width: 20 + Math.floor(r() * 40), height: 6 + Math.floor(r() * 10) };
      else if (k < 0.85) ops = nudge(r, ops);
      // else the very same frame again
      expect(draw(new FrameOutput(size), ops), `frame ${f}`).toBe(draw(new Output(size), ops));
    }
  });
});
