// The console tightens V8's heap growth once its sources have settled (src/util/heap-growth.ts).
import { describe, expect, it } from 'vitest';
import { createAppStore, type SourceState } from '../../src/store/store.js';
import { tightenHeapGrowthWhenSettled } from '../../src/util/heap-growth.js';

const state = (status: SourceState['status']): SourceState => ({
  status,
  since: 0,
  failures: 0,
  staleAfterMs: 1000,
});

describe('tightenHeapGrowthWhenSettled', () => {
  it('waits until every source has answered, then applies once', () => {
    const store = createAppStore();
    let applied = 0;
    tightenHeapGrowthWhenSettled(store, 60_000, () => applied++);
    store.setState({ sources: { pods: state('connecting'), health: state('ok') } });
    expect(applied).toBe(0);
    store.setState({ sources: { pods: state('error'), health: state('ok') } });
    expect(applied).toBe(1);
    store.setState({ sources: { pods: state('ok'), health: state('ok') } });
    expect(applied).toBe(1);
  });

  it('applies after the longest wait when a source never answers, and not after a cancel', async () => {
    const store = createAppStore();
    let applied = 0;
    tightenHeapGrowthWhenSettled(store, 1, () => applied++);
    store.setState({ sources: { pods: state('connecting') } });
    await new Promise<void>((resolve) => {
      const check = () => (applied ? resolve() : setImmediate(check));
      check();
    });
    expect(applied).toBe(1);
    let other = 0;
    const cancel = tightenHeapGrowthWhenSettled(store, 60_000, () => other++);
    cancel();
    store.setState({ sources: { pods: state('ok') } });
    expect(other).toBe(0);
  });
});
