import { describe, expect, it } from 'vitest';
import { fitSegments, type GiveUp } from '../../src/ui/fit-segments.js';

const segs = [
  { id: 'sev', text: '▲ SEV 2' },
  { id: 'title', text: ' · Checkout fails for everyone in eu-west-1' },
  { id: 'phase', text: ' · Detection and Triage' },
  { id: 'who', text: ' · with bob@laptop since 09:49' },
];
const giveUps: GiveUp[] = [{ drop: 'absent' }, { drop: 'phase' }, { cut: 'title', to: 14 }, { drop: 'who' }];
const text = (room: number) =>
  fitSegments(segs, room, giveUps)
    .map((s) => s.text)
    .join('');

describe('fitSegments', () => {
  it('keeps everything that fits, in order', () => {
    expect(text(200)).toBe(segs.map((s) => s.text).join(''));
  });
  it('gives up in turn, only as much as the room needs', () => {
    // One cell short: the phase goes whole, the rest stays.
    expect(text(segs.reduce((n, s) => n + s.text.length, 0) - 1)).toBe(
      '▲ SEV 2 · Checkout fails for everyone in eu-west-1 · with bob@laptop since 09:49',
    );
    // Then the title is cut just enough, never below its floor, before who is on it goes.
    expect(text(70)).toBe('▲ SEV 2 · Checkout fails for everyone i… · with bob@laptop since 09:49');
    expect(text(70)).toHaveLength(70);
    expect(text(51)).toBe('▲ SEV 2 · Checkout f… · with bob@laptop since 09:49');
    expect(text(30)).toBe('▲ SEV 2 · Checkout f…');
  });
  it('says a segment its shorter way, and only a segment that has one', () => {
    const line = fitSegments(
      [
        { id: 'sev', text: '▲ SEV 2', short: '▲' },
        { id: 'who', text: ' · with bob@laptop since 09:49', short: ' · with bob@laptop' },
      ],
      26,
      [{ short: 'who' }, { short: 'who' }, { drop: 'who' }],
    );
    expect(line.map((s) => s.text).join('')).toBe('▲ SEV 2 · with bob@laptop');
  });
  it('leaves what still does not fit to the caller', () => {
    expect(text(5)).toBe('▲ SEV 2 · Checkout f…');
  });
});
