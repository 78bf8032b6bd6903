// Pure chain analysis: lag, head age, stalled, diverged, wrong chain, down.
import { describe, expect, it } from 'vitest';
import { analyze, referenceHeight } from '../../src/data/chain/analyze.js';
import type { ChainEndpointState, ChainHead } from '../../src/data/chain/types.js';

const NOW = 1_800_000_000_000;
function ep(
  name: string,
  head?: Partial<ChainHead>,
  extra: Partial<ChainEndpointState> = {},
): ChainEndpointState {
  return {
    name,
    url: `http://${name}`,
    kind: 'http',
    status: 'ok',
    failures: 0,
    head: head
      ? {
          chainId: 1,
          height: 100,
          hash: `0x${name}100`,
          timestampMs: NOW - 5000,
          syncing: false,
          latencyMs: 10,
          ...head,
        }
      : undefined,
    ...extra,
  };
}
const opts = { now: NOW, blockTimeSeconds: 12, stallMultiple: 3 };

describe('chain analysis', () => {
  it('highest head, each endpoint lag and head age', () => {
    const a = analyze([ep('a', { height: 105, hash: 'h105' }), ep('b', { height: 103, hash: 'h103' })], opts);
    expect(a.highest).toBe(105);
    expect(a.highestAgeMs).toBe(5000);
    expect(a.endpoints.map((e) => [e.name, e.lag, e.headAgeMs])).toEqual([
      ['a', 0, 5000],
      ['b', 2, 5000],
    ]);
    expect(a.alerts).toEqual([]);
  });

  it('stalled: head older than block time × multiple', () => {
    const a = analyze([ep('a', { timestampMs: NOW - 37_000 })], opts);
    expect(a.alerts).toEqual([
      {
        level: 'bad',
        kind: 'stalled',
        endpoint: 'a',
        text: 'a: head #100 is 37s old (stalled; expected a block every 12s)',
      },
    ]);
    expect(analyze([ep('a', { timestampMs: NOW - 35_000 })], opts).alerts).toEqual([]);
  });

  it('diverged: different hashes at the same height (head or reference block)', () => {
    const same = analyze([ep('a', { height: 100, hash: 'x' }), ep('b', { height: 100, hash: 'y' })], opts);
    expect(same.alerts[0]).toMatchObject({
      kind: 'diverged',
      text: 'a and b diverge: different blocks at #100',
    });
    const ref = analyze(
      [
        ep('a', { height: 102, hash: 'a102', ref: { height: 100, hash: 'x' } }),
        ep('b', { height: 100, hash: 'y', ref: { height: 100, hash: 'y' } }),
      ],
      opts,
    );
    expect(ref.alerts.map((x) => x.kind)).toEqual(['diverged']);
    const agree = analyze(
      [
        ep('a', { height: 102, hash: 'a102', ref: { height: 100, hash: 'y' } }),
        ep('b', { height: 100, hash: 'y' }),
      ],
      opts,
    );
    expect(agree.alerts).toEqual([]);
  });

  it('lagging beyond the multiple, syncing, down and wrong chain', () => {
    const a = analyze(
      [
        ep('top', { height: 110, hash: 't' }),
        ep('slow', { height: 105, hash: 's' }),
        ep('sync', { height: 110, hash: 't', syncing: { current: 110, highest: 200 } }),
        ep('dead', undefined, { status: 'error', error: 'connection refused' }),
        ep(
          'other',
          { height: 5 },
          { status: 'error', error: 'wrong chain ID: eth_chainId is 5, expected 1' },
        ),
      ],
      opts,
    );
    expect(a.highest).toBe(110);
    expect(a.alerts.map((x) => `${x.level}:${x.kind}:${x.endpoint ?? ''}`)).toEqual([
      'bad:down:dead',
      'bad:chainId:other',
      'warn:lagging:slow',
      'warn:syncing:sync',
    ]);
    expect(a.endpoints.find((e) => e.name === 'other')!.lag).toBeUndefined();
  });

  it('reference height: the lowest healthy head, only with two or more', () => {
    expect(referenceHeight([ep('a', { height: 9 })])).toBeUndefined();
    expect(
      referenceHeight([
        ep('a', { height: 9 }),
        ep('b', { height: 7 }),
        ep('c', undefined, { status: 'error' }),
      ]),
    ).toBe(7);
  });
});
