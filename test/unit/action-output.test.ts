// The output dialog's view of a command's output: chunks split anywhere (mid-line, across
// streams) make the same lines as the whole text; the newest lines are kept, every one counted.
import { describe, expect, it } from 'vitest';
import { appendOutput, OUTPUT_KEEP_LINES, type OutputView } from '../../src/actions/controller.js';

const empty: OutputView = { opId: 'x', title: 'x', command: 'kubectl exec', lines: [], total: 0 };
const feed = (chunks: ['stdout' | 'stderr', string][]) =>
  chunks.reduce((v, [stream, text]) => appendOutput(v, { stream, text }), empty);

describe('appendOutput', () => {
  it('joins a line split across chunks, ends a partial line when the other stream starts', () => {
    const v = feed([
      ['stdout', 'hel'],
      ['stdout', 'lo\nwor'],
      ['stderr', 'oops\r\n'],
      ['stdout', 'ld'],
    ]);
    expect(v.lines).toEqual([
      { text: 'hello', err: false },
      { text: 'wor', err: false },
      { text: 'oops', err: true },
    ]);
    expect(v.partial).toEqual({ text: 'ld', err: false });
    expect(v.total).toBe(4);
  });

  it('keeps the newest lines and counts them all', () => {
    const n = OUTPUT_KEEP_LINES + 10;
    const v = feed([['stdout', Array.from({ length: n }, (_, i) => `l${i}\n`).join('')]]);
    expect(v.lines).toHaveLength(OUTPUT_KEEP_LINES);
    expect(v.lines.at(-1)!.text).toBe(`l${n - 1}`);
    expect(v.total).toBe(n);
    expect(v.partial).toBeUndefined();
  });
});
